import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { copyStep } from '../../src/steps/copy.js';
import type { StepResult } from '../../src/steps/step-run.js';
import type { TestContextOptions } from '../harness/step-context.js';
import { giveToTestUser, HOSTILE_NAMES, runStep, type StepFixture, startStepFixture } from './fixture.js';

let fx: StepFixture;
let playbookDir: string;
before(async () => {
  fx = await startStepFixture();
  playbookDir = mkdtempSync(join(tmpdir(), 'certbook-playbook-'));
  mkdirSync(join(playbookDir, 'files'));
});
after(async () => {
  await fx?.stop();
  rmSync(playbookDir, { recursive: true, force: true });
});

const sha1 = (data: string | Buffer): string => createHash('sha1').update(data).digest('hex');
const perms = (p: string): number => statSync(p).mode & 0o7777;
const copy = (args: Record<string, unknown>, options: TestContextOptions = {}): Promise<StepResult> =>
  runStep(copyStep, fx.host, args, { vars: { playbook_dir: playbookDir }, ...options });

test('content: written once with 0644, then unchanged; check mode writes nothing', async () => {
  const dest = join(fx.dir, 'k3s.env');
  const content = 'CATTLE_NEW_SIGNED_CERT_EXPIRATION_DAYS=365\n';
  const check = await copy({ dest, content }, { check: true });
  assert.equal(check.changed, true);
  assert.equal(existsSync(dest), false);
  const r = await copy({ dest, content });
  assert.equal(r.failed, undefined, r.msg);
  assert.equal(r.changed, true);
  assert.equal(readFileSync(dest, 'utf8'), content);
  assert.equal(perms(dest), 0o644);
  assert.equal(statSync(dest).uid, fx.uid);
  assert.equal(r.data?.checksum, sha1(content));
  assert.equal(r.data?.size, content.length);
  assert.equal(r.data?.mode, '0644');
  const again = await copy({ dest, content });
  assert.equal(again.changed, false);
  assert.equal(again.data?.checksum, sha1(content));
  assert.deepEqual(
    readdirSync(fx.dir).filter((n) => n.includes('certbook')),
    [],
  );
});

test('new contents replace the file atomically and keep its mode; a mode change alone keeps the inode', async () => {
  const dest = join(fx.dir, 'keep-mode');
  await copy({ dest, content: 'one', mode: '0600' });
  assert.equal(perms(dest), 0o600);
  const inode = statSync(dest).ino;
  const r = await copy({ dest, content: 'two' });
  assert.equal(r.changed, true);
  assert.equal(readFileSync(dest, 'utf8'), 'two');
  assert.equal(perms(dest), 0o600);
  assert.notEqual(statSync(dest).ino, inode);
  const inode2 = statSync(dest).ino;
  const m = await copy({ dest, content: 'two', mode: 'g+r' });
  assert.equal(m.changed, true);
  assert.equal(perms(dest), 0o640);
  assert.equal(statSync(dest).ino, inode2);
  assert.equal((await copy({ dest, content: 'two', mode: '0640' })).changed, false);
});

test('force false never touches an existing file; backup keeps the old one', async () => {
  const dest = join(fx.dir, 'forced');
  await copy({ dest, content: 'original' });
  const kept = await copy({ dest, content: 'other', force: false });
  assert.equal(kept.changed, false);
  assert.equal(readFileSync(dest, 'utf8'), 'original');
  const r = await copy({ dest, content: 'replaced', backup: true }, { now: () => new Date('2026-01-31T12:00:00Z') });
  assert.equal(r.data?.backup_file, `${dest}.20260131T120000Z~`);
  assert.equal(readFileSync(`${dest}.20260131T120000Z~`, 'utf8'), 'original');
  assert.equal(readFileSync(dest, 'utf8'), 'replaced');
});

test('validate checks the new file before it replaces the old one', async () => {
  const dest = join(fx.dir, "sudoers 'rule' $(x)");
  await copy({ dest, content: 'good v1\n' });
  const bad = await copy({ dest, content: 'bad\n', validate: 'grep -q good %s' });
  assert.equal(bad.failed, true);
  assert.match(String(bad.msg), /validation failed/);
  assert.equal(readFileSync(dest, 'utf8'), 'good v1\n');
  const good = await copy({ dest, content: 'good v2\n', validate: 'grep -q good %s' });
  assert.equal(good.failed, undefined, good.msg);
  assert.equal(readFileSync(dest, 'utf8'), 'good v2\n');
  assert.deepEqual(
    readdirSync(fx.dir).filter((n) => n.includes('.certbook-')),
    [],
  );
});

test('src from the controller, relative to the playbook, every byte kept; preserve takes its mode', async () => {
  const bytes = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 13) % 256));
  writeFileSync(join(playbookDir, 'files', 'blob.bin'), bytes);
  chmodSync(join(playbookDir, 'files', 'blob.bin'), 0o751);
  const dest = join(fx.dir, 'blob.bin');
  const r = await copy({ src: 'files/blob.bin', dest, mode: 'preserve' });
  assert.equal(r.failed, undefined, r.msg);
  assert.ok(readFileSync(dest).equals(bytes));
  assert.equal(perms(dest), 0o751);
  assert.equal((await copy({ src: 'files/blob.bin', dest, mode: 'preserve' })).changed, false);
  const missing = await copy({ src: 'files/none', dest });
  assert.equal(missing.failed, true);
});

test('dest that is a directory receives the file under the name of src; content needs a file name', async () => {
  writeFileSync(join(playbookDir, 'files', 'ca.crt'), 'CA');
  const dir = join(fx.dir, 'into');
  mkdirSync(dir);
  giveToTestUser(fx, dir);
  const r = await copy({ src: 'files/ca.crt', dest: dir });
  assert.equal(r.data?.dest, join(dir, 'ca.crt'));
  assert.equal(readFileSync(join(dir, 'ca.crt'), 'utf8'), 'CA');
  const c = await copy({ content: 'x', dest: dir });
  assert.equal(c.failed, true);
  const noParent = await copy({ content: 'x', dest: join(fx.dir, 'no', 'such', 'dir', 'f') });
  assert.equal(noParent.failed, true);
  assert.match(String(noParent.msg), /does not exist/);
});

test('remote_src copies a file on the host', async () => {
  const src = join(fx.dir, 'remote source');
  writeFileSync(src, 'on the host');
  chmodSync(src, 0o640);
  giveToTestUser(fx, src);
  const dest = join(fx.dir, 'remote copy');
  const r = await copy({ src, remote_src: true, dest, mode: 'preserve' });
  assert.equal(r.failed, undefined, r.msg);
  assert.equal(readFileSync(dest, 'utf8'), 'on the host');
  assert.equal(perms(dest), 0o640);
  assert.equal((await copy({ src, remote_src: true, dest })).changed, false);
  assert.equal((await copy({ src: join(fx.dir, 'nope'), remote_src: true, dest })).failed, true);
});

test('diff mode shows old and new contents', async () => {
  const dest = join(fx.dir, 'diffed');
  await copy({ dest, content: 'a=1\n' });
  const r = await copy({ dest, content: 'a=2\n' }, { diff: true, check: true });
  assert.equal(r.changed, true);
  assert.deepEqual([r.diff?.[0]?.before, r.diff?.[0]?.after], ['a=1\n', 'a=2\n']);
  assert.equal(readFileSync(dest, 'utf8'), 'a=1\n');
});

test('become writes where the user may not, with the owner asked for', async () => {
  const root = mkdtempSync(join(tmpdir(), 'certbook-copy-root-'));
  try {
    chmodSync(root, 0o700);
    const dest = join(root, 'token');
    const denied = await copy({ dest, content: 'secret' });
    assert.equal(denied.failed, true);
    const args = { dest, content: 'secret', mode: '0600', owner: fx.sshd.user };
    const r = await runStep(copyStep, fx.sudoHost, args, { become: fx.sudo });
    assert.equal(r.failed, undefined, r.msg);
    assert.equal(readFileSync(dest, 'utf8'), 'secret');
    assert.equal(statSync(dest).uid, fx.uid);
    assert.equal(perms(dest), 0o600);
    assert.equal((await runStep(copyStep, fx.sudoHost, args, { become: fx.sudo })).changed, false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('hostile destination names are written as names', async () => {
  const dir = join(fx.dir, 'hostile');
  mkdirSync(dir);
  giveToTestUser(fx, dir);
  for (const name of HOSTILE_NAMES) {
    const r = await copy({ dest: join(dir, name), content: name });
    assert.equal(r.failed, undefined, `${JSON.stringify(name)}: ${r.msg}`);
  }
  assert.deepEqual(readdirSync(dir).sort(), [...HOSTILE_NAMES].sort());
  for (const name of HOSTILE_NAMES) assert.equal(readFileSync(join(dir, name), 'utf8'), name);
});
