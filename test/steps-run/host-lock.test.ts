/**
 * `host_lock` on a real host over a real sshd: the owner file names the sshd session serving the
 * connection, a second connection is refused while the first holds the lock, a lock whose session
 * is gone is taken over, release goes by token, under become the login user is named. The
 * algorithm's cases in full: test/steps/host-lock-algorithm.test.ts (in memory).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openHost } from '../../src/connection/open-host.js';
import { hostLockStep } from '../../src/steps/host-lock.js';
import { settingsFor } from '../harness/ssh-settings.js';
import { giveToTestUser, runStep, type StepFixture, startStepFixture } from './fixture.js';

let fx: StepFixture;
before(async () => {
  fx = await startStepFixture();
});
after(async () => {
  await fx?.stop();
});

/** The command name of a process. */
const comm = (pid: string): string => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();

test('taken by one connection, refused to another naming the holder, released by its token', async () => {
  const lock = join(fx.dir, 'one.lock');
  const taken = await runStep(hostLockStep, fx.host, { path: lock, label: 'rotate lock' });
  assert.equal(taken.changed, true, taken.msg);
  const owner = readFileSync(join(lock, 'owner'), 'utf8');
  assert.match(
    owner,
    new RegExp(
      `^token=${String(taken.data?.token)}\nuser=${fx.sshd.user}\npid=(\\d+)\npid_start=\\d+\nstarted=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\nstarted_epoch=\\d+\n$`,
    ),
  );
  const pid = /^pid=(\d+)$/m.exec(owner)![1]!;
  assert.match(comm(pid), /^sshd(-session)?$/, 'the owner is the sshd session serving the connection');

  const other = await openHost(settingsFor(fx.sshd));
  try {
    const refused = await runStep(hostLockStep, other, { path: lock, label: 'rotate lock' });
    assert.equal(refused.failed, true);
    assert.equal(refused.data?.rc, 75);
    assert.match(
      String(refused.data?.stderr),
      new RegExp(`^rotate lock ${lock} is held by another run \\(user=${fx.sshd.user} pid=${pid} `),
    );
    assert.equal((await runStep(hostLockStep, other, { path: lock, state: 'absent', token: 'not-the-token' })).changed, false);
    assert.ok(existsSync(lock), 'another token releases nothing');
  } finally {
    await other.close();
  }
  const released = await runStep(hostLockStep, fx.host, { path: lock, state: 'absent', token: String(taken.data?.token) });
  assert.equal(released.changed, true);
  assert.equal(existsSync(lock), false);
  assert.equal(
    (await runStep(hostLockStep, fx.host, { path: lock, state: 'absent', token: String(taken.data?.token) })).changed,
    false,
    'second release: nothing to do',
  );
});

test('a lock whose sshd session is gone is taken over, and the takeover is named', async () => {
  const lock = join(fx.dir, 'stale.lock');
  mkdirSync(lock);
  writeFileSync(
    join(lock, 'owner'),
    `token=old\nuser=someone\npid=999999\npid_start=1\nstarted=2026-01-01T00:00:00Z\nstarted_epoch=${Math.floor(Date.now() / 1000)}\n`,
  );
  giveToTestUser(fx, lock);
  const r = await runStep(hostLockStep, fx.host, { path: lock, max_age: 3600 });
  assert.equal(r.changed, true, r.msg);
  assert.match(
    String(r.data?.stderr),
    new RegExp(
      `^stale lock ${lock} \\(its sshd session \\(pid 999999\\) is gone; user=someone pid=999999 pid_start=1 started=2026-01-01T00:00:00Z started_epoch=\\d+\\): taken over$`,
    ),
  );
  assert.match(readFileSync(join(lock, 'owner'), 'utf8'), new RegExp(`^token=${String(r.data?.token)}$`, 'm'));
  assert.equal(existsSync(`${lock}.takeover`), false, 'the takeover guard is gone');
});

test('a lock without an owner file, made over a minute ago, is taken over; check mode changes nothing', async () => {
  const lock = join(fx.dir, 'ownerless.lock');
  mkdirSync(lock);
  giveToTestUser(fx, lock);
  const young = await runStep(hostLockStep, fx.host, { path: lock });
  assert.match(String(young.data?.stderr), /held by another run \(being taken, no owner file yet\)/);
  const old = new Date(Date.now() - 120_000);
  utimesSync(lock, old, old);
  const check = await runStep(hostLockStep, fx.host, { path: lock }, { check: true });
  assert.match(String(check.data?.stderr), /^stale lock .* \(no owner file; being taken, no owner file yet\): would be taken over$/);
  assert.equal(existsSync(join(lock, 'owner')), false, 'check mode took nothing');
  const r = await runStep(hostLockStep, fx.host, { path: lock });
  assert.equal(r.data?.taken_over, 'no owner file');
});

test('under become the owner names the login user (SUDO_USER), and a lock the user may not create fails clearly', async () => {
  const lock = join(fx.dir, 'root.lock');
  const r = await runStep(hostLockStep, fx.sudoHost, { path: lock }, { become: fx.sudo });
  assert.equal(r.changed, true, r.msg);
  assert.match(readFileSync(join(lock, 'owner'), 'utf8'), new RegExp(`^user=${fx.sshd.sudoUser}$`, 'm'));
  const denied = await runStep(hostLockStep, fx.host, { path: '/root/certbook-test.lock' });
  assert.equal(denied.failed, true);
  assert.equal(denied.data?.rc, 75, 'as the shell lock did: the lock could not be taken, so it counts as held');
  assert.match(String(denied.msg), /could not be taken and is not there: .*cannot be made/);
});
