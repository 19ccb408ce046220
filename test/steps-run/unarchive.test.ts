import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { archiveStep } from '../../src/steps/archive.js';
import type { StepResult } from '../../src/steps/step-run.js';
import { unarchiveStep } from '../../src/steps/unarchive.js';
import { buildTlsTree, ODD_NAME } from './backup-tree.js';
import { giveToTestUser, runStep, type StepFixture, startStepFixture } from './fixture.js';
import { snapshotTree } from './tree-snapshot.js';

let fx: StepFixture;
let tls: string;
let backups: string;
let tarball: string;

before(async () => {
  fx = await startStepFixture();
});
after(async () => {
  await fx?.stop();
});
beforeEach(async () => {
  const base = join(fx.dir, `case-${Math.random().toString(36).slice(2)}`);
  tls = join(base, 'tls');
  backups = join(base, 'backups');
  buildTlsTree(tls, fx.uid, fx.gid);
  const r = await runStep(
    archiveStep,
    fx.sudoHost,
    { path: tls, dest: backups },
    { become: fx.sudo, now: () => new Date('2026-01-31T12:00:00Z') },
  );
  assert.equal(r.failed, undefined, r.msg);
  tarball = String(r.data?.archive);
});

const restore = (args: Record<string, unknown> = {}, check = false): Promise<StepResult> =>
  runStep(unarchiveStep, fx.sudoHost, { src: tarball, dest: tls, ...args }, { become: fx.sudo, check });

/** What a bad day does to server/tls: new contents, modes, owners, types, links and strays. */
function damage(): void {
  writeFileSync(join(tls, 'server-ca.crt'), 'ROTATED\n');
  chmodSync(join(tls, 'server-ca.key'), 0o644);
  chownSync(join(tls, 'etcd', 'peer.key'), 0, 0);
  unlinkSync(join(tls, ODD_NAME));
  rmSync(join(tls, 'temporary-certs'), { recursive: true });
  writeFileSync(join(tls, 'temporary-certs'), 'now a file');
  unlinkSync(join(tls, 'current.crt'));
  symlinkSync('/etc/passwd', join(tls, 'current.crt'));
  mkdirSync(join(tls, 'stray', 'deeper'), { recursive: true });
  writeFileSync(join(tls, 'stray', 'deeper', 'x'), 'x');
  writeFileSync(join(tls, 'dynamic-cert.json'), '{}');
  chmodSync(tls, 0o755);
}

test('round trip: archive, damage, restore with clean gives back the exact tree; twice changes nothing', async () => {
  const original = snapshotTree(tls);
  damage();
  assert.notDeepEqual(snapshotTree(tls), original);
  const r = await restore({ clean: true });
  assert.equal(r.failed, undefined, r.msg);
  assert.equal(r.changed, true);
  assert.deepEqual(snapshotTree(tls), original);
  assert.deepEqual(r.data?.removed, ['dynamic-cert.json', 'stray']);
  const extracted = r.data?.extracted as string[];
  for (const entry of ['.', 'server-ca.crt', 'server-ca.key', 'etcd/peer.key', ODD_NAME, 'temporary-certs', 'current.crt']) {
    assert.ok(extracted.includes(entry), `${JSON.stringify(entry)} in ${JSON.stringify(extracted)}`);
  }
  assert.equal(extracted.includes('cache.tmp'), false, 'an identical entry is not written');
  const again = await restore({ clean: true });
  assert.equal(again.changed, false, JSON.stringify(again.data));
  const archivedAgain = await runStep(
    archiveStep,
    fx.sudoHost,
    { path: tls, dest: backups },
    { become: fx.sudo, now: () => new Date('2026-02-01T00:00:00Z') },
  );
  assert.equal(archivedAgain.changed, false, 'the restored tree is byte-for-byte the archived one');
  assert.equal(existsSync(join(tls, 'PWNED')), false);
});

test('check mode reports what would be written and removed, and touches nothing', async () => {
  damage();
  const damaged = snapshotTree(tls);
  const r = await restore({ clean: true }, true);
  assert.equal(r.changed, true);
  assert.deepEqual(r.data?.removed, ['dynamic-cert.json', 'stray']);
  assert.ok((r.data?.extracted as string[]).includes('server-ca.crt'));
  assert.deepEqual(snapshotTree(tls), damaged);
  const clean = await restore({}, true);
  assert.deepEqual(clean.data?.removed, []);
});

test('without clean, entries that are not in the tarball stay', async () => {
  damage();
  const r = await restore();
  assert.equal(r.failed, undefined, r.msg);
  assert.deepEqual(r.data?.removed, []);
  assert.equal(existsSync(join(tls, 'dynamic-cert.json')), true);
  assert.equal(existsSync(join(tls, 'server-ca.key')), true);
  assert.equal((await restore()).changed, false);
});

test('restoring into a missing directory creates it with the archived mode', async () => {
  const fresh = join(fx.dir, `fresh-${Math.random().toString(36).slice(2)}`, 'tls');
  const r = await runStep(unarchiveStep, fx.sudoHost, { src: tarball, dest: fresh }, { become: fx.sudo });
  assert.equal(r.failed, undefined, r.msg);
  assert.deepEqual(snapshotTree(fresh), snapshotTree(tls));
});

test('creates skips the restore', async () => {
  damage();
  const r = await restore({ creates: join(tls, 'dynamic-cert.json') });
  assert.equal(r.changed, false);
  assert.equal(existsSync(join(tls, 'stray')), true);
});

test('failures: missing tarball, dest that is a file, members outside dest, a corrupt tarball', async () => {
  assert.equal((await restore({ src: join(backups, 'none.tar.gz') })).failed, true);
  assert.equal((await restore({ dest: join(tls, 'server-ca.crt') })).failed, true);
  const evil = join(fx.dir, 'evil');
  mkdirSync(join(evil, 'inner'), { recursive: true });
  writeFileSync(join(evil, 'escaped'), 'x');
  const evilTar = join(fx.dir, 'evil.tar');
  spawnSync('tar', ['-cPf', evilTar, '-C', join(evil, 'inner'), '../escaped']); // -P keeps the ../
  assert.match(spawnSync('tar', ['-tf', evilTar], { encoding: 'utf8' }).stdout, /^\.\.\/escaped$/m);
  const target = join(fx.dir, 'victim');
  const r = await runStep(unarchiveStep, fx.sudoHost, { src: evilTar, dest: target }, { become: fx.sudo });
  assert.equal(r.failed, true);
  assert.match(String(r.msg), /outside/);
  assert.equal(existsSync(target), false);
  const absTar = join(fx.dir, 'abs.tar');
  spawnSync('tar', ['-cPf', absTar, join(evil, 'escaped')]);
  assert.match(spawnSync('tar', ['-tPf', absTar], { encoding: 'utf8' }).stdout, /^\//);
  assert.equal((await runStep(unarchiveStep, fx.sudoHost, { src: absTar, dest: target }, { become: fx.sudo })).failed, true);
  const corrupt = join(fx.dir, 'corrupt.tar.gz');
  writeFileSync(corrupt, Buffer.from([0x1f, 0x8b, 1, 2, 3, 4, 5]));
  assert.equal((await runStep(unarchiveStep, fx.sudoHost, { src: corrupt, dest: target }, { become: fx.sudo })).failed, true);
  assert.equal(existsSync(target), false);
});

test('the unprivileged user restores a tree of its own', async () => {
  const mine = join(fx.dir, `mine-${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(mine, 'sub'), { recursive: true });
  writeFileSync(join(mine, 'sub', 'f'), 'one');
  utimesSync(join(mine, 'sub', 'f'), 1_700_000_000, 1_700_000_000);
  giveToTestUser(fx, mine);
  const dest = join(fx.dir, `mine-backups-${Math.random().toString(36).slice(2)}`);
  const a = await runStep(archiveStep, fx.host, { path: mine, dest });
  assert.equal(a.failed, undefined, a.msg);
  const original = snapshotTree(mine);
  writeFileSync(join(mine, 'sub', 'f'), 'two');
  const r = await runStep(unarchiveStep, fx.host, { src: String(a.data?.archive), dest: mine, clean: true });
  assert.equal(r.failed, undefined, r.msg);
  assert.deepEqual(snapshotTree(mine), original);
  assert.deepEqual(readdirSync(join(mine, 'sub')), ['f'], 'no temporary file is left');
});
