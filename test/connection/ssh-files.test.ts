import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BecomeError, RemoteFileError } from '../../src/connection/errors.js';
import type { BecomeOptions, Host } from '../../src/connection/host.js';
import { openHost } from '../../src/connection/open-host.js';
import { type Exec, readFilesViaShell } from '../../src/connection/shell-files.js';
import { type FakeSshServer, startFakeSshServer } from '../harness/fake-ssh-server.js';
import { settingsFor } from '../harness/ssh-settings.js';
import { startSshd, type TestSshd } from '../harness/sshd.js';
import { binaryFiles } from './binary-files.js';

let sshd: TestSshd;
let host: Host; // plain user, files through SFTP
let sudoHost: Host; // a user with password sudo, files through become
let sudo: BecomeOptions;
let dir: string; // owned by the plain user
let rootDir: string; // root only (0700)

function uid(user: string): number {
  return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}

before(async () => {
  sshd = await startSshd();
  host = await openHost(settingsFor(sshd));
  sudoHost = await openHost(settingsFor(sshd, { user: sshd.sudoUser }));
  sudo = { method: 'sudo', user: 'root', password: sshd.password };
  dir = mkdtempSync(join(tmpdir(), 'certbook-files-'));
  chownSync(dir, uid(sshd.user), uid(sshd.user));
  rootDir = mkdtempSync(join(tmpdir(), 'certbook-root-'));
});
after(async () => {
  await host?.close();
  await sudoHost?.close();
  await sshd?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(rootDir, { recursive: true, force: true });
});

async function fileError(p: Promise<unknown>): Promise<RemoteFileError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof RemoteFileError, String(err));
    return err;
  }
  assert.fail('expected RemoteFileError');
}

const ALL_BYTES = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256));

test('writeFile then readFile round-trips every byte value; mode is exact; no temp file is left', async () => {
  const path = join(dir, 'blob.bin');
  await host.writeFile(path, ALL_BYTES, { mode: 0o600 });
  assert.ok(readFileSync(path).equals(ALL_BYTES));
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(path).uid, uid(sshd.user));
  assert.ok((await host.readFile(path, { maxBytes: ALL_BYTES.length })).equals(ALL_BYTES));
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes('certbook')),
    [],
  );
});

test('replacing a file is atomic (new inode) and keeps its mode when none is given', async () => {
  const path = join(dir, 'keep-mode.txt');
  await host.writeFile(path, 'one', { mode: 0o640 });
  const before = statSync(path).ino;
  await host.writeFile(path, 'two');
  assert.equal(readFileSync(path, 'utf8'), 'two');
  assert.equal(statSync(path).mode & 0o777, 0o640);
  assert.notEqual(statSync(path).ino, before);
  await host.writeFile(join(dir, 'new.txt'), 'x');
  assert.equal(statSync(join(dir, 'new.txt')).mode & 0o777, 0o644);
});

test('missing, too large, directory and forbidden files give clear codes', async () => {
  assert.equal((await fileError(host.readFile(join(dir, 'nope'), { maxBytes: 10 }))).code, 'ENOENT');
  writeFileSync(join(dir, 'big'), Buffer.alloc(2000));
  assert.equal((await fileError(host.readFile(join(dir, 'big'), { maxBytes: 1999 }))).code, 'TOO_LARGE');
  assert.equal((await host.readFile(join(dir, 'big'), { maxBytes: 2000 })).length, 2000);
  assert.equal((await fileError(host.readFile(dir, { maxBytes: 10 }))).code, 'EISDIR');
  writeFileSync(join(rootDir, 'secret'), 'root only', { mode: 0o600 });
  assert.equal((await fileError(host.readFile(join(rootDir, 'secret'), { maxBytes: 100 }))).code, 'EACCES');
  assert.equal((await fileError(host.writeFile(join(dir, 'no', 'such', 'dir'), 'x'))).code, 'ENOENT');
  assert.equal((await fileError(host.writeFile(join(rootDir, 'x'), 'x'))).code, 'EACCES');
});

test('readFiles: many files in one answer, each with its own outcome, order kept', async () => {
  const paths = Array.from({ length: 20 }, (_, i) => join(dir, `cert-${i}.pem`));
  for (const [i, p] of paths.entries()) writeFileSync(p, `-----BEGIN CERTIFICATE-----\n${'A'.repeat(i * 50)}\n`);
  writeFileSync(join(dir, 'empty'), '');
  const asked = [...paths, join(dir, 'missing.pem'), join(dir, 'big'), dir, join(rootDir, 'secret'), join(dir, 'empty')];
  const got = await host.readFiles(asked, { maxBytes: 1500 });
  assert.deepEqual(
    got.map((e) => e.path),
    asked,
  );
  for (const [i, p] of paths.entries()) assert.ok(got[i]!.ok && got[i]!.data.equals(readFileSync(p)));
  assert.deepEqual(
    got.slice(20).map((e) => (e.ok ? `ok:${e.data.length}` : e.code)),
    ['ENOENT', 'TOO_LARGE', 'EISDIR', 'EACCES', 'ok:0'],
  );
});

test('readFiles: binary files byte for byte (DER, NUL, invalid UTF-8, CR LF), as the login user and through sudo', async () => {
  const mine = await binaryFiles(join(dir, 'binary'));
  chownSync(join(dir, 'binary'), uid(sshd.user), uid(sshd.user));
  const roots = await binaryFiles(join(rootDir, 'binary'));
  for (const [h, files, become] of [
    [host, mine, undefined],
    [sudoHost, roots, sudo],
  ] as const) {
    const paths = Object.keys(files);
    // Host.readFiles's own way, with its commands recorded: the batched read must be trusted, not fallen back from.
    const scripts: string[] = [];
    const exec: Exec = (command, options) => {
      scripts.push(command);
      return h.exec(command, options);
    };
    const got = await readFilesViaShell(exec, paths, { maxBytes: 1 << 16, ...(become ? { become } : {}) });
    assert.equal(scripts.length, 1);
    for (const [i, p] of paths.entries()) assert.ok(got[i]!.ok && got[i]!.data.equals(files[p]!), p);
    assert.deepEqual(await h.readFiles(paths, { maxBytes: 1 << 16, ...(become ? { become } : {}) }), got);
  }
});

test('readFiles is one round trip (one command on the server)', async () => {
  const fake: FakeSshServer = await startFakeSshServer();
  const h = await openHost(settingsFor(fake));
  try {
    const before = fake.commands.length;
    const got = await h.readFiles(['/etc/hostname', '/etc/os-release', '/nonexistent', '/etc/passwd'], { maxBytes: 1 << 20 });
    assert.equal(fake.commands.length - before, 1);
    assert.deepEqual(
      got.map((e) => e.ok),
      [true, true, false, true],
    );
    assert.ok(got[3]!.ok && got[3]!.data.equals(readFileSync('/etc/passwd')));
  } finally {
    await h.close();
    await fake.stop();
  }
});

test('become: write and read root-only files; the replacement keeps owner and mode', async () => {
  const path = join(rootDir, 'k3s.key');
  await sudoHost.writeFile(path, ALL_BYTES.subarray(0, 5000), { become: sudo, mode: 0o600 });
  assert.ok(readFileSync(path).equals(ALL_BYTES.subarray(0, 5000)));
  assert.deepEqual([statSync(path).uid, statSync(path).mode & 0o777], [0, 0o600]);
  await sudoHost.writeFile(path, 'rotated', { become: sudo });
  assert.deepEqual([readFileSync(path, 'utf8'), statSync(path).uid, statSync(path).mode & 0o777], ['rotated', 0, 0o600]);
  assert.equal((await sudoHost.readFile(path, { maxBytes: 100, become: sudo })).toString(), 'rotated');
  const many = await sudoHost.readFiles([path, join(rootDir, 'secret'), join(rootDir, 'none')], { maxBytes: 100, become: sudo });
  assert.deepEqual(
    many.map((e) => (e.ok ? e.data.toString() : e.code)),
    ['rotated', 'root only', 'ENOENT'],
  );
  assert.equal((await fileError(sudoHost.readFile(path, { maxBytes: 3, become: sudo }))).code, 'TOO_LARGE');
  assert.deepEqual(
    readdirSync(rootDir).filter((f) => f.includes('certbook')),
    [],
  );
});

test('become failure on a file operation throws BecomeError without the password', async () => {
  const wrong = { ...sudo, password: 'wrong-pw-x' };
  await assert.rejects(sudoHost.readFile(join(rootDir, 'secret'), { maxBytes: 100, become: wrong }), (err: unknown) => {
    assert.ok(err instanceof BecomeError);
    assert.equal(err.kind, 'incorrect password');
    assert.ok(!`${err.message}${err.stack}`.includes('wrong-pw-x'));
    return true;
  });
});

test('forwardTcp opens a TCP stream from the host side', async () => {
  const { createServer } = await import('node:net');
  const server = createServer((s) => s.pipe(s)).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  try {
    const stream = await host.forwardTcp('127.0.0.1', port);
    const echoed = new Promise<string>((resolve) => stream.once('data', (d: Buffer) => resolve(d.toString())));
    stream.write('ping over ssh');
    assert.equal(await echoed, 'ping over ssh');
    stream.end();
    mkdirSync(join(dir, 'unused'), { recursive: true });
    await assert.rejects(host.forwardTcp('127.0.0.1', 1), /cannot open a TCP connection to 127\.0\.0\.1:1/);
  } finally {
    server.close();
  }
});
