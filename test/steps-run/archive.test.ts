import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { archiveStep } from '../../src/steps/archive.js';
import type { StepResult } from '../../src/steps/step-run.js';
import { buildTlsTree, TREE_ENTRY_COUNT } from './backup-tree.js';
import { giveToTestUser, runStep, type StepFixture, startStepFixture } from './fixture.js';

let fx: StepFixture;
let fakeBin: string;
let tls: string;
let backups: string;

before(async () => {
  // A fake df first on the test user's PATH: it reports 100 KiB free when told to, else the real one.
  fakeBin = join('/tmp', `certbook-fakebin-archive-${process.pid}`);
  mkdirSync(fakeBin, { recursive: true });
  writeFileSync(
    join(fakeBin, 'df'),
    `#!/bin/sh\nif [ -e ${fakeBin}/df-full ]; then printf 'Filesystem 1024-blocks Used Available Capacity Mounted on\\nfake 1000 900 100 90%% /\\n'; else exec /usr/bin/df "$@"; fi\n`,
  );
  chmodSync(join(fakeBin, 'df'), 0o755);
  chmodSync(fakeBin, 0o755);
  fx = await startStepFixture({ extraConfig: [`SetEnv PATH=${fakeBin}:/usr/local/bin:/usr/bin:/bin`] });
});
after(async () => {
  await fx?.stop();
  rmSync(fakeBin, { recursive: true, force: true });
});
beforeEach(() => {
  tls = join(fx.dir, `tls-${Math.random().toString(36).slice(2)}`);
  backups = join(fx.dir, `backups-${Math.random().toString(36).slice(2)}`, 'k3s');
  buildTlsTree(tls, fx.uid, fx.gid);
});

const at = (iso: string) => () => new Date(iso);
const archive = (args: Record<string, unknown>, now: string, check = false): Promise<StepResult> =>
  runStep(archiveStep, fx.sudoHost, { path: tls, dest: backups, ...args }, { become: fx.sudo, now: at(now), check });
const tarballs = (): string[] => (existsSync(backups) ? readdirSync(backups).sort() : []);
const listing = (file: string): string[] => spawnSync('tar', ['-tzf', file], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);

test('the first run writes a private, UTC-named tarball into a new private directory', async () => {
  const r = await archive({ name_prefix: 'tls' }, '2026-01-31T12:00:00.500Z');
  assert.equal(r.failed, undefined, r.msg);
  assert.equal(r.changed, true);
  const file = join(backups, 'tls-20260131T120000Z.tar.gz');
  assert.deepEqual(r.data, { archive: file, created: true, removed: [], files: TREE_ENTRY_COUNT + 1, size: statSync(file).size });
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(backups).mode & 0o777, 0o700);
  assert.equal(listing(file).length, TREE_ENTRY_COUNT + 1);
  assert.deepEqual(readdirSync(backups), ['tls-20260131T120000Z.tar.gz'], 'no temporary file is left');
});

test('a second run with the same contents changes nothing and names the existing tarball', async () => {
  const first = await archive({}, '2026-01-31T12:00:00Z');
  const second = await archive({}, '2026-01-31T13:00:00Z');
  assert.equal(second.changed, false);
  assert.equal(second.data?.archive, first.data?.archive);
  assert.equal(second.data?.created, false);
  assert.equal(second.data?.files, TREE_ENTRY_COUNT + 1);
  assert.equal(second.data?.size, first.data?.size);
  assert.equal(tarballs().length, 1);
  assert.match(tarballs()[0]!, /^tls-[a-z0-9]+-20260131T120000Z\.tar\.gz$/, 'the prefix defaults to the base name of path');
});

test('changed contents, modes or owners make a new tarball; check mode only says so', async () => {
  await archive({ name_prefix: 'tls' }, '2026-01-31T12:00:00Z');
  chmodSync(join(tls, 'server-ca.crt'), 0o600);
  const check = await archive({ name_prefix: 'tls' }, '2026-01-31T13:00:00Z', true);
  assert.equal(check.changed, true);
  assert.equal(check.data?.archive, join(backups, 'tls-20260131T130000Z.tar.gz'));
  assert.equal(tarballs().length, 1);
  const r = await archive({ name_prefix: 'tls' }, '2026-01-31T13:00:00Z');
  assert.equal(r.data?.created, true);
  assert.deepEqual(tarballs(), ['tls-20260131T120000Z.tar.gz', 'tls-20260131T130000Z.tar.gz']);
  writeFileSync(join(tls, 'server-ca.crt'), 'NEW CERT\n');
  assert.equal((await archive({ name_prefix: 'tls' }, '2026-01-31T14:00:00Z')).data?.created, true);
  assert.equal(tarballs().length, 3);
});

test('retain keeps the newest tarballs of the prefix only; check mode deletes nothing', async () => {
  for (const [i, hour] of ['10', '11', '12'].entries()) {
    writeFileSync(join(tls, 'server-ca.crt'), `v${i}`);
    await archive({ name_prefix: 'tls' }, `2026-01-31T${hour}:00:00Z`);
  }
  writeFileSync(join(backups, 'other-20200101T000000Z.tar.gz'), 'not ours');
  writeFileSync(join(backups, 'tls-notes.txt'), 'not a tarball');
  const check = await archive({ name_prefix: 'tls', retain: 2 }, '2026-01-31T13:00:00Z', true);
  assert.equal(check.changed, true);
  assert.deepEqual(check.data?.removed, [join(backups, 'tls-20260131T100000Z.tar.gz')]);
  assert.equal(tarballs().length, 5);
  const r = await archive({ name_prefix: 'tls', retain: 2 }, '2026-01-31T13:00:00Z');
  assert.equal(r.changed, true);
  assert.equal(r.data?.created, false);
  assert.deepEqual(tarballs(), [
    'other-20200101T000000Z.tar.gz',
    'tls-20260131T110000Z.tar.gz',
    'tls-20260131T120000Z.tar.gz',
    'tls-notes.txt',
  ]);
  writeFileSync(join(tls, 'server-ca.crt'), 'v4');
  const rotated = await archive({ name_prefix: 'tls', retain: 2 }, '2026-01-31T14:00:00Z');
  assert.deepEqual(rotated.data?.removed, [join(backups, 'tls-20260131T110000Z.tar.gz')]);
  assert.deepEqual(
    tarballs().filter((n) => n.startsWith('tls-2')),
    ['tls-20260131T120000Z.tar.gz', 'tls-20260131T140000Z.tar.gz'],
  );
  assert.equal((await archive({ name_prefix: 'tls', retain: 2 }, '2026-01-31T15:00:00Z')).changed, false);
});

test('force writes a new tarball even when nothing changed; the plain tar format', async () => {
  await archive({ format: 'tar', name_prefix: 'p' }, '2026-01-31T12:00:00Z');
  const forced = await archive({ format: 'tar', name_prefix: 'p', force: true }, '2026-01-31T12:30:00Z');
  assert.equal(forced.data?.created, true);
  assert.deepEqual(tarballs(), ['p-20260131T120000Z.tar', 'p-20260131T123000Z.tar']);
  const plain = spawnSync('tar', ['-tf', join(backups, 'p-20260131T123000Z.tar')], { encoding: 'utf8' });
  assert.equal(plain.status, 0);
});

test('exclude_path leaves entries out', async () => {
  const r = await archive({ exclude_path: ['*.tmp', 'etcd'], name_prefix: 'x' }, '2026-01-31T12:00:00Z');
  const names = listing(String(r.data?.archive));
  assert.equal(
    names.some((n) => n.endsWith('.tmp') || n.includes('etcd')),
    false,
  );
  assert.equal(names.length, TREE_ENTRY_COUNT + 1 - 3);
});

test('a missing source, a file, and an unreadable tree fail without writing anything', async () => {
  assert.equal((await archive({ path: join(fx.dir, 'nope') }, '2026-01-31T12:00:00Z')).failed, true);
  assert.equal((await archive({ path: join(tls, 'server-ca.crt') }, '2026-01-31T12:00:00Z')).failed, true);
  const unreadable = await runStep(archiveStep, fx.host, { path: tls, dest: backups }, { now: at('2026-01-31T12:00:00Z') });
  assert.equal(unreadable.failed, true);
  assert.equal(tarballs().length, 0);
});

test('not enough free space (df -Pk) fails before anything is written', async () => {
  const own = join(fx.dir, `big-${process.pid}`);
  mkdirSync(own);
  writeFileSync(join(own, 'blob'), Buffer.alloc(300 * 1024, 7));
  giveToTestUser(fx, own);
  writeFileSync(join(fakeBin, 'df-full'), '');
  try {
    const dest = join(fx.dir, 'space');
    const r = await runStep(archiveStep, fx.host, { path: own, dest }, { now: at('2026-01-31T12:00:00Z') });
    assert.equal(r.failed, true);
    assert.match(String(r.msg), /not enough free space/);
    assert.equal(existsSync(dest), false);
  } finally {
    rmSync(join(fakeBin, 'df-full'));
  }
  const ok = await runStep(archiveStep, fx.host, { path: own, dest: join(fx.dir, 'space') }, { now: at('2026-01-31T12:00:00Z') });
  assert.equal(ok.failed, undefined, ok.msg);
  assert.equal(ok.changed, true);
});
