import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { NOT_REGULAR_MESSAGE, RemoteFileError } from '../../src/connection/errors.js';
import { LocalHost } from '../../src/connection/local.js';
import { openHost } from '../../src/connection/open-host.js';
import { ensureTestUsers, TEST_USER } from '../harness/test-users.js';

const dir = mkdtempSync(join(tmpdir(), 'certbook-local-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const host = new LocalHost('controller');

test('openHost picks the local connection', async () => {
  const h = await openHost({
    name: 'me',
    connection: 'local',
    host: 'ignored',
    port: 22,
    user: 'x',
    hostKeyChecking: 'strict',
    connectTimeoutMs: 1,
  });
  assert.ok(h instanceof LocalHost);
  assert.equal(h.name, 'me');
});

test('exec: rc, streams, stdin, env, cwd as over SSH', async () => {
  const r = await host.exec('cat; printf "[%s]" "$V"; pwd; echo e >&2; exit 4', { stdin: 'in\n', env: { V: "a'b" }, cwd: '/usr' });
  assert.deepEqual([r.rc, r.stdout, r.stderr, r.timedOut], [4, "in\n[a'b]/usr\n", 'e\n', false]);
  const capped = await host.exec('head -c 100000 /dev/zero', { maxOutputBytes: 10 });
  assert.deepEqual([capped.rc, capped.stdout.length, capped.truncated], [0, 10, true]);
});

test('exec: rawStdout gives the bytes as written, none of the markers; the cap holds', async () => {
  const all = Buffer.from(Array.from({ length: 256 * 4 }, (_, i) => i % 256));
  const r = await host.exec('cat', { stdin: all, rawStdout: true });
  assert.deepEqual([r.rc, r.stdout, r.truncated], [0, '', false]);
  assert.deepEqual(r.stdoutBytes, all);
  const capped = await host.exec('head -c 100000 /dev/urandom', { rawStdout: true, maxOutputBytes: 10 });
  assert.deepEqual([capped.rc, capped.stdoutBytes?.length, capped.truncated], [0, 10, true]);
  assert.equal((await host.exec('echo text')).stdoutBytes, undefined, 'only when asked');
});

test('exec: a timeout kills the whole process group', async () => {
  const r = await host.exec('sleep 35.1 & sleep 35.2', { timeoutMs: 300 });
  assert.equal(r.timedOut, true);
  assert.equal(spawnSync('pgrep', ['-f', 'sleep 35.[12]']).status, 1);
});

test('exec: a command aborted before it said it had started is not left running (its group gets SIGHUP, as from sshd)', async () => {
  const controller = new AbortController();
  // Aborted in the same tick: the shell is spawned, and none of its output can have been read yet.
  const running = host.exec('sleep 36.1 & sleep 36.2', { signal: controller.signal });
  controller.abort(new Error('interrupted'));
  await assert.rejects(running, /interrupted/);
  const deadline = Date.now() + 5_000;
  while (spawnSync('pgrep', ['-f', 'sleep 36.[12]']).status === 0) {
    assert.ok(Date.now() < deadline, 'the aborted command is still running');
    await new Promise((r) => setTimeout(r, 20));
  }
});

test('files: atomic write with mode, read, limits and codes', async () => {
  const path = join(dir, 'a.bin');
  const data = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
  await host.writeFile(path, data, { mode: 0o600 });
  assert.ok(readFileSync(path).equals(data));
  assert.equal(statSync(path).mode & 0o777, 0o600);
  await host.writeFile(path, 'short');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal((await host.readFile(path, { maxBytes: 5 })).toString(), 'short');
  const codes = await Promise.all(
    [
      host.readFile(path, { maxBytes: 4 }),
      host.readFile(join(dir, 'none'), { maxBytes: 4 }),
      host.readFile(dir, { maxBytes: 4 }),
      host.writeFile(join(dir, 'no', 'dir', 'x'), 'x'),
    ].map((p) =>
      p.then(
        () => 'ok',
        (e: RemoteFileError) => e.code,
      ),
    ),
  );
  assert.deepEqual(codes, ['TOO_LARGE', 'ENOENT', 'EISDIR', 'ENOENT']);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes('certbook')),
    [],
  );
});

test('readFiles: same answers as the SSH batch', async () => {
  writeFileSync(join(dir, 'r1'), 'one');
  writeFileSync(join(dir, 'r2'), Buffer.alloc(50));
  const got = await host.readFiles([join(dir, 'r1'), join(dir, 'missing'), join(dir, 'r2'), '/proc/self/status'], { maxBytes: 40 });
  assert.deepEqual(
    got.map((e) => (e.ok ? e.data.toString().slice(0, 3) : e.code)),
    ['one', 'ENOENT', 'TOO_LARGE', 'TOO_LARGE'],
  );
  const viaShell = await host.readFiles([join(dir, 'r1'), join(dir, 'missing')], {
    maxBytes: 40,
    become: { method: 'sudo', user: 'root', flags: '-n' },
  });
  // Tests run as root (CI does), so `sudo -n` needs no password.
  assert.deepEqual(
    viaShell.map((e) => (e.ok ? e.data.toString() : e.code)),
    ['one', 'ENOENT'],
  );
});

test('readFile/readFiles refuse a FIFO and a link to /dev/zero (opening a FIFO would wait for a writer forever)', async () => {
  spawnSync('mkfifo', [join(dir, 'fifo')]);
  symlinkSync('/dev/zero', join(dir, 'zero'));
  // A writer that says nothing for 15 s: were the FIFO opened, the read would wait that long
  // and then see an empty file, so a regression fails in bounded time instead of hanging.
  const writer = spawn('sh', ['-c', 'exec sleep 15 > "$0"', join(dir, 'fifo')], { stdio: 'ignore' });
  try {
    const got = await host.readFiles([join(dir, 'fifo'), join(dir, 'zero')], { maxBytes: 40 });
    assert.deepEqual(
      got.map((e) => (e.ok ? 'read' : `${e.code} ${e.message}`)),
      Array(2).fill(`EIO ${NOT_REGULAR_MESSAGE}`),
    );
    const error = await host.readFile(join(dir, 'fifo'), { maxBytes: 40 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof RemoteFileError && error.code === 'EIO');
  } finally {
    writer.kill();
  }
});

test('become without a prompt (root needs no password): the unused password is never sent', async () => {
  ensureTestUsers();
  const sudo = await host.exec('id -un; cat', { stdin: 'data', become: { method: 'sudo', user: TEST_USER, password: 'unused-pw' } });
  assert.deepEqual([sudo.rc, sudo.stdout, sudo.becomeError], [0, `${TEST_USER}\ndata`, undefined]);
  const su = await host.exec('id -un; cat', { stdin: 'more', become: { method: 'su', user: TEST_USER } });
  assert.deepEqual([su.rc, su.stdout, su.becomeError], [0, `${TEST_USER}\nmore`, undefined]);
});

test('forwardTcp connects from the controller', async () => {
  const server = createServer((s) => s.end('hello')).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const s = await host.forwardTcp('127.0.0.1', (server.address() as { port: number }).port);
    const got = await new Promise<string>((resolve) => s.once('data', (d: Buffer) => resolve(d.toString())));
    assert.equal(got, 'hello');
  } finally {
    server.close();
  }
});
