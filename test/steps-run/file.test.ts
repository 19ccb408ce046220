import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileStep } from '../../src/steps/file.js';
import type { StepResult } from '../../src/steps/step-run.js';
import type { TestContextOptions } from '../harness/step-context.js';
import { giveToTestUser, HOSTILE_NAMES, runStep, type StepFixture, startStepFixture } from './fixture.js';

let fx: StepFixture;
before(async () => {
  fx = await startStepFixture();
});
after(async () => {
  await fx?.stop();
});

const perms = (p: string): number => statSync(p).mode & 0o7777;
const file = (args: Record<string, unknown>, options: TestContextOptions = {}): Promise<StepResult> =>
  runStep(fileStep, fx.host, args, options);

test('state directory: created with its mode, then unchanged; check mode creates nothing', async () => {
  const path = join(fx.dir, 'backups', 'k3s');
  const check = await file({ path, state: 'directory', mode: '0750' }, { check: true });
  assert.equal(check.changed, true);
  assert.equal(existsSync(path), false);
  const r = await file({ path, state: 'directory', mode: '0750' });
  assert.equal(r.changed, true);
  assert.equal(r.failed, undefined, r.msg);
  assert.equal(statSync(path).isDirectory(), true);
  assert.equal(perms(path), 0o750);
  assert.deepEqual(r.data, { path, state: 'directory', mode: '0750', owner: fx.sshd.user, group: fx.sshd.user });
  const again = await file({ path, state: 'directory', mode: '0750' });
  assert.equal(again.changed, false);
  assert.equal(again.data?.mode, '0750');
});

test('state touch creates an empty file once and never touches its times again', async () => {
  const path = join(fx.dir, 'touched');
  const r = await file({ path, state: 'touch', mode: '0600' });
  assert.equal(r.changed, true);
  assert.equal(statSync(path).size, 0);
  assert.equal(perms(path), 0o600);
  const mtime = statSync(path).mtimeMs;
  await new Promise((resolve) => setTimeout(resolve, 20));
  const again = await file({ path, state: 'touch', mode: '0600' });
  assert.equal(again.changed, false);
  assert.equal(statSync(path).mtimeMs, mtime);
});

test('state file fails on a missing path and on a directory; adjusts an existing file', async () => {
  const missing = await file({ path: join(fx.dir, 'nope'), mode: '0600' });
  assert.equal(missing.failed, true);
  assert.equal(existsSync(join(fx.dir, 'nope')), false);
  assert.equal((await file({ path: fx.dir, state: 'file' })).failed, true);
  const path = join(fx.dir, 'adjust.txt');
  writeFileSync(path, 'x');
  chownSync(path, fx.uid, fx.gid);
  chmodSync(path, 0o644);
  const r = await file({ path, mode: 'u=rw,g=r,o=' });
  assert.equal(r.changed, true);
  assert.equal(perms(path), 0o640);
  assert.equal((await file({ path, mode: '0640' })).changed, false);
  const plusX = await file({ path, mode: '+x' });
  assert.equal(plusX.changed, true);
  assert.equal(perms(path), 0o751);
  assert.equal((await file({ path, mode: '+x' })).changed, false);
  assert.equal((await file({ path: join(path), state: 'directory' })).failed, true);
});

test('state absent removes a tree (or a link, not its target), then reports ok', async () => {
  const tree = join(fx.dir, 'doomed');
  const denied = join(fx.dir, 'root-owned');
  mkdirSync(join(denied, 'inside'), { recursive: true });
  const refused = await file({ path: denied, state: 'absent' });
  assert.equal(refused.failed, true);
  assert.equal(existsSync(join(denied, 'inside')), true);
  mkdirSync(join(tree, 'a', 'b'), { recursive: true });
  writeFileSync(join(tree, 'a', 'b', 'f'), 'x');
  giveToTestUser(fx, tree);
  const check = await file({ path: tree, state: 'absent' }, { check: true });
  assert.equal(check.changed, true);
  assert.equal(existsSync(join(tree, 'a', 'b', 'f')), true);
  const r = await file({ path: tree, state: 'absent' });
  assert.equal(r.failed, undefined, r.msg);
  assert.equal(r.changed, true);
  assert.equal(existsSync(tree), false);
  assert.deepEqual(r.data, { path: tree, state: 'absent' });
  assert.equal((await file({ path: tree, state: 'absent' })).changed, false);
  const target = join(fx.dir, 'kept-target');
  writeFileSync(target, 'keep');
  symlinkSync(target, join(fx.dir, 'a-link'));
  assert.equal((await file({ path: join(fx.dir, 'a-link'), state: 'absent' })).changed, true);
  assert.throws(() => lstatSync(join(fx.dir, 'a-link')));
  assert.equal(existsSync(target), true);
});

test('recurse applies a symbolic mode with X to the whole tree, once', async () => {
  const root = join(fx.dir, 'tls');
  mkdirSync(join(root, 'etcd'), { recursive: true });
  writeFileSync(join(root, 'server.crt'), 'c');
  writeFileSync(join(root, 'etcd', 'peer.key'), 'k');
  giveToTestUser(fx, root);
  chmodSync(join(root, 'etcd', 'peer.key'), 0o666);
  const args = { path: root, state: 'directory', mode: 'u=rwX,g=rX,o=', recurse: true };
  const check = await file(args, { check: true });
  assert.equal(check.changed, true);
  assert.equal(perms(join(root, 'etcd', 'peer.key')), 0o666);
  const r = await file(args);
  assert.equal(r.changed, true);
  assert.deepEqual(
    [root, join(root, 'etcd'), join(root, 'server.crt'), join(root, 'etcd', 'peer.key')].map(perms),
    [0o750, 0o750, 0o640, 0o640],
  );
  assert.equal((await file(args)).changed, false);
  chmodSync(join(root, 'etcd', 'peer.key'), 0o644);
  assert.equal((await file(args)).changed, true, 'a change deep in the tree is seen');
});

test('owner and group through become; unknown names and forbidden chowns fail', async () => {
  const path = join(fx.dir, 'owned-by-root');
  writeFileSync(path, 'x');
  const args = { path, owner: fx.sshd.user, group: String(fx.gid) };
  const r = await runStep(fileStep, fx.sudoHost, args, { become: fx.sudo });
  assert.equal(r.changed, true, r.msg);
  assert.equal(statSync(path).uid, fx.uid);
  assert.equal(statSync(path).gid, fx.gid);
  assert.equal((await runStep(fileStep, fx.sudoHost, args, { become: fx.sudo })).changed, false);
  const unknown = await file({ path, owner: 'no-such-user-certbook' });
  assert.equal(unknown.failed, true);
  assert.match(String(unknown.msg), /does not exist/);
  const forbidden = await file({ path, owner: 'root' });
  assert.equal(forbidden.failed, true);
  assert.equal(statSync(path).uid, fx.uid);
});

test('diff mode shows the attributes that change', async () => {
  const path = join(fx.dir, 'diffed');
  const r = await file({ path, state: 'directory', mode: '0700' }, { diff: true, check: true });
  assert.equal(r.diff?.length, 1);
  assert.match(r.diff![0]!.before, /state: absent/);
  assert.match(r.diff![0]!.after, /state: directory\nmode: 0700/);
});

test('hostile names are created and removed as names', async () => {
  const parent = join(fx.dir, 'hostile');
  for (const name of HOSTILE_NAMES) {
    const r = await file({ path: join(parent, name), state: 'directory' });
    assert.equal(r.changed, true, JSON.stringify(name));
  }
  assert.deepEqual(readdirSync(parent).sort(), [...HOSTILE_NAMES].sort());
  for (const name of HOSTILE_NAMES) assert.equal((await file({ path: join(parent, name), state: 'absent' })).changed, true);
  assert.deepEqual(readdirSync(parent), []);
  assert.equal(existsSync(join(fx.dir, 'PWNED')), false);
});
