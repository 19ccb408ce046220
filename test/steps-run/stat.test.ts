import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { statStep } from '../../src/steps/stat.js';
import { HOSTILE_NAMES, runStep, type StepFixture, startStepFixture } from './fixture.js';

let fx: StepFixture;
let rootDir: string;
before(async () => {
  fx = await startStepFixture();
  rootDir = mkdtempSync(join(tmpdir(), 'certbook-stat-root-'));
  chmodSync(rootDir, 0o700);
  writeFileSync(join(rootDir, 'key.pem'), 'private');
});
after(async () => {
  await fx?.stop();
  rmSync(rootDir, { recursive: true, force: true });
});

type Stat = Record<string, unknown>;
async function stat(path: string, extra: Record<string, unknown> = {}, check = false): Promise<Stat> {
  const r = await runStep(statStep, fx.host, { path, ...extra }, { check });
  assert.equal(r.failed, undefined, r.msg);
  assert.equal(r.changed, false);
  return r.data?.stat as Stat;
}

test('a regular file: type, size, mode, owner, times and a sha1 checksum', async () => {
  const path = join(fx.dir, 'plain.txt');
  writeFileSync(path, 'hello world\n');
  chmodSync(path, 0o640);
  chownSync(path, fx.uid, fx.gid);
  const s = await stat(path);
  const fsStat = statSync(path);
  assert.equal(s.exists, true);
  assert.equal(s.isreg, true);
  assert.equal(s.isdir, false);
  assert.equal(s.size, 12);
  assert.equal(s.mode, '0640');
  assert.equal(s.uid, fsStat.uid);
  assert.equal(s.pw_name, fx.sshd.user);
  assert.equal(s.mtime, Math.floor(fsStat.mtimeMs / 1000));
  assert.equal(s.checksum, createHash('sha1').update('hello world\n').digest('hex'));
  assert.equal(s.readable, true);
  assert.equal(s.writeable, true);
  assert.equal(s.executable, false);
});

test('a file the user may not read: metadata but no checksum', async () => {
  const path = join(fx.dir, 'root-only.txt');
  writeFileSync(path, 'secret');
  chmodSync(path, 0o600);
  const s = await stat(path);
  assert.equal(s.size, 6);
  assert.equal(s.pw_name, 'root');
  assert.equal(s.readable, false);
  assert.equal('checksum' in s, false);
});

test('checksum_algorithm and get_checksum', async () => {
  const path = join(fx.dir, 'sums.txt');
  writeFileSync(path, 'abc');
  for (const algo of ['md5', 'sha224', 'sha256', 'sha384', 'sha512'] as const) {
    const s = await stat(path, { checksum_algorithm: algo });
    assert.equal(s.checksum, createHash(algo).update('abc').digest('hex'), algo);
  }
  const none = await stat(path, { get_checksum: false });
  assert.equal('checksum' in none, false);
});

test('a directory has no checksum; a missing path is exists=false, not a failure', async () => {
  const d = await stat(fx.dir);
  assert.equal(d.isdir, true);
  assert.equal('checksum' in d, false);
  const missing = await stat(join(fx.dir, 'missing', 'deeper'));
  assert.equal(missing.exists, false);
  const underFile = await stat(join(fx.dir, 'plain.txt', 'child'));
  assert.equal(underFile.exists, false);
});

test('links: described themselves without follow, their target with it', async () => {
  const target = join(fx.dir, "target\nwith 'odd' $(name)");
  writeFileSync(target, 'data');
  const link = join(fx.dir, 'link');
  symlinkSync(target, link);
  const l = await stat(link);
  assert.equal(l.islnk, true);
  assert.equal(l.isreg, false);
  assert.equal(l.lnk_target, target);
  assert.equal('checksum' in l, false);
  const t = await stat(link, { follow: true });
  assert.equal(t.isreg, true);
  assert.equal(t.size, 4);
  assert.equal(t.checksum, createHash('sha1').update('data').digest('hex'));
  symlinkSync(join(fx.dir, 'nowhere'), join(fx.dir, 'dangling'));
  assert.equal((await stat(join(fx.dir, 'dangling'), { follow: true })).exists, false);
  assert.equal((await stat(join(fx.dir, 'dangling'))).islnk, true);
});

test('hostile names are looked at, never interpreted', async () => {
  const sub = join(fx.dir, 'hostile');
  mkdirSync(sub);
  for (const [i, name] of HOSTILE_NAMES.entries()) writeFileSync(join(sub, name), 'x'.repeat(i + 1));
  for (const [i, name] of HOSTILE_NAMES.entries()) {
    const s = await stat(join(sub, name));
    assert.equal(s.size, i + 1, JSON.stringify(name));
    assert.equal(s.path, join(sub, name));
  }
  assert.equal(readdirSync(sub).includes('PWNED'), false);
  assert.equal(readdirSync(sub).length, HOSTILE_NAMES.length);
});

test('a path the user may not reach fails; with become it is read', async () => {
  const r = await runStep(statStep, fx.host, { path: join(rootDir, 'key.pem') });
  assert.equal(r.failed, true);
  assert.match(String(r.msg), /permission denied/i);
  const b = await runStep(statStep, fx.sudoHost, { path: join(rootDir, 'key.pem') }, { become: fx.sudo });
  assert.equal((b.data?.stat as Stat).size, 7);
});

test('check mode reads as usual', async () => {
  const s = await stat(join(fx.dir, 'plain.txt'), {}, true);
  assert.equal(s.size, 12);
});
