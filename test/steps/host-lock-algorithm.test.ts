/**
 * The host lock's algorithm (take, refuse, take over stale, release, check mode) on an in-memory
 * host: no sshd, no root. The same rules on a real host over sshd: test/steps-run/host-lock.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LOCK_HELD_RC, runHostLock } from '../../src/steps/host-lock/host-lock-run.js';
import { describeHolder, judgeLock, type LockView } from '../../src/steps/host-lock/lock-judge.js';
import type { HostLockArgs } from '../../src/steps/host-lock.js';
import { MemoryLockHost } from '../harness/memory-lock-site.js';

const LOCK = '/var/lib/rancher/k3s/certbook-rotate.lock';
const TAKE: HostLockArgs = { path: LOCK, state: 'present', max_age: 21600, label: 'rotate lock' };
const release = (token: unknown): HostLockArgs => ({ ...TAKE, state: 'absent', token: String(token ?? '') });

describe('judging a held lock', () => {
  const view = (owner: string, extra: Partial<LockView> = {}): LockView => ({
    exists: true,
    owner,
    now: 10_000,
    lockMtime: 9_990,
    ownerPidStartNow: '77',
    ...extra,
  });
  const owner = (epoch = 9_990): string => `token=t\nuser=ops\npid=42\npid_start=77\nstarted=x\nstarted_epoch=${epoch}`;

  test('live: its session runs with the same start time and it is younger than max_age', () => {
    assert.deepEqual(judgeLock(view(owner()), 100), { stale: '', holder: 'user=ops pid=42 pid_start=77 started=x started_epoch=9990' });
  });
  test('stale: its session is gone, or the pid now belongs to a process started at another time', () => {
    assert.equal(judgeLock(view(owner(), { ownerPidStartNow: '' }), 100).stale, 'its sshd session (pid 42) is gone');
    assert.equal(judgeLock(view(owner(), { ownerPidStartNow: '78' }), 100).stale, 'its sshd session (pid 42) is gone');
  });
  test("stale: older than max_age, by the host's clock (exactly max_age is not stale)", () => {
    assert.equal(judgeLock(view(owner(9_900)), 100).stale, '');
    assert.equal(judgeLock(view(owner(9_899)), 100).stale, 'older than 100 s');
  });
  test('no owner file: being taken for a minute, then stale', () => {
    assert.deepEqual(judgeLock(view('', { lockMtime: 9_940 }), 100), { stale: '', holder: 'being taken, no owner file yet' });
    assert.equal(judgeLock(view('', { lockMtime: 9_939 }), 100).stale, 'no owner file');
    assert.equal(judgeLock(view('', { exists: false }), 100).stale, '', 'a lock gone meanwhile is no stale lock');
  });
  test('the holder is named without its token', () => {
    assert.equal(describeHolder('token=secret\nuser=a\n'), 'user=a');
  });
});

describe('host_lock on an in-memory host', () => {
  test('a free lock is taken: the owner file names the token, the user and the session; released by its token', async () => {
    const host = new MemoryLockHost();
    const me = host.session('certbook-ops');
    const site = host.site(LOCK, me);
    const r = await runHostLock(TAKE, site, false);
    assert.equal(r.changed, true);
    assert.equal(r.data?.rc, 0);
    assert.equal(r.data?.stdout, r.data?.token);
    assert.equal(r.data?.hold, `rotate lock ${LOCK}`);
    assert.equal(host.dirs.get(LOCK)?.owner, host.ownerText(String(r.data?.token), me));
    const released = await runHostLock(release(r.data?.token), site, false);
    assert.equal(released.changed, true);
    assert.equal(host.dirs.has(LOCK), false);
    // Idempotent: released already, nothing more to do.
    assert.equal((await runHostLock(release(r.data?.token), site, false)).changed, false);
  });

  test('a lock held by a live run is refused with rc 75, naming the holder, and left alone', async () => {
    const host = new MemoryLockHost();
    const other = host.session('someone');
    const first = await runHostLock(TAKE, host.site(LOCK, other), false);
    const before = host.dirs.get(LOCK)?.owner;
    const r = await runHostLock(TAKE, host.site(LOCK, host.session()), false);
    assert.equal(r.failed, true);
    assert.equal(r.data?.rc, LOCK_HELD_RC);
    assert.match(
      String(r.data?.stderr),
      new RegExp(
        `^rotate lock ${LOCK} is held by another run \\(user=someone pid=${other.pid} pid_start=${other.start} started=\\S+ started_epoch=\\d+\\): refusing to touch this node$`,
      ),
    );
    assert.doesNotMatch(String(r.data?.stderr), new RegExp(String(first.data?.token)), "the holder's token is not shown");
    assert.equal(host.dirs.get(LOCK)?.owner, before);
  });

  test('a lock whose session is gone is taken over and named', async () => {
    const host = new MemoryLockHost();
    const gone = host.session('someone');
    await runHostLock(TAKE, host.site(LOCK, gone), false);
    host.end(gone);
    const me = host.session();
    const r = await runHostLock(TAKE, host.site(LOCK, me), false);
    assert.equal(r.changed, true);
    assert.equal(r.data?.taken_over, `its sshd session (pid ${gone.pid}) is gone`);
    assert.match(
      String(r.data?.stderr),
      new RegExp(`^stale rotate lock ${LOCK} \\(its sshd session \\(pid ${gone.pid}\\) is gone; user=someone .*\\): taken over$`),
    );
    assert.equal(host.dirs.get(LOCK)?.owner, host.ownerText(String(r.data?.token), me));
  });

  test('a lock older than max_age is taken over, even with its session alive', async () => {
    const host = new MemoryLockHost();
    await runHostLock(TAKE, host.site(LOCK, host.session()), false);
    host.now += 101;
    const r = await runHostLock({ ...TAKE, max_age: 100 }, host.site(LOCK, host.session()), false);
    assert.equal(r.data?.taken_over, 'older than 100 s');
  });

  test('a lock without an owner file is being taken for a minute, then taken over', async () => {
    const host = new MemoryLockHost();
    host.dirs.set(LOCK, { mtime: host.now });
    const site = host.site(LOCK, host.session());
    const refused = await runHostLock(TAKE, site, false);
    assert.equal(refused.data?.rc, LOCK_HELD_RC);
    assert.match(String(refused.data?.stderr), /held by another run \(being taken, no owner file yet\)/);
    host.now += 61;
    assert.equal((await runHostLock(TAKE, site, false)).data?.taken_over, 'no owner file');
  });

  test('eight runs finding one stale lock at once: exactly one takes it over, the others are refused', async () => {
    for (let round = 0; round < 5; round++) {
      const host = new MemoryLockHost();
      const gone = host.session('gone');
      await runHostLock(TAKE, host.site(LOCK, gone), false);
      host.end(gone);
      const results = await Promise.all(Array.from({ length: 8 }, () => runHostLock(TAKE, host.site(LOCK, host.session()), false)));
      const winners = results.filter((r) => !r.failed);
      assert.equal(winners.length, 1, `round ${round}`);
      assert.match(String(host.dirs.get(LOCK)?.owner), new RegExp(`^token=${String(winners[0]!.data?.token)}$`, 'm'));
      for (const loser of results.filter((r) => r.failed)) assert.equal(loser.data?.rc, LOCK_HELD_RC);
    }
  });

  test('a takeover in progress (its guard) makes another run refuse; a guard over a minute old is given up', async () => {
    const host = new MemoryLockHost();
    const gone = host.session('gone');
    await runHostLock(TAKE, host.site(LOCK, gone), false);
    host.end(gone);
    host.dirs.set(`${LOCK}.takeover`, { mtime: host.now });
    const site = host.site(LOCK, host.session());
    const busy = await runHostLock(TAKE, site, false);
    assert.equal(busy.data?.rc, LOCK_HELD_RC);
    assert.match(String(busy.data?.stderr), /held by another run \(user=gone /);
    host.now += 61;
    assert.equal((await runHostLock(TAKE, site, false)).changed, true);
  });

  test('a lock taken over meanwhile is not released by its former holder', async () => {
    const host = new MemoryLockHost();
    const first = host.session('first');
    const taken = await runHostLock(TAKE, host.site(LOCK, first), false);
    host.end(first);
    const second = await runHostLock(TAKE, host.site(LOCK, host.session('second')), false);
    assert.ok(second.data?.taken_over);
    const r = await runHostLock(release(taken.data?.token), host.site(LOCK, first), false);
    assert.equal(r.changed, false);
    assert.match(String(host.dirs.get(LOCK)?.owner), /^user=second$/m);
    assert.equal((await runHostLock(release(''), host.site(LOCK, first), false)).changed, false, 'no token: nothing to release');
  });

  test('check mode says what would happen and changes nothing', async () => {
    const host = new MemoryLockHost();
    const me = host.session();
    const free = await runHostLock(TAKE, host.site(LOCK, me), true);
    assert.equal(free.changed, true);
    assert.equal(free.data?.token, '');
    assert.equal(host.dirs.size, 0);
    const gone = host.session('gone');
    const held = await runHostLock(TAKE, host.site(LOCK, gone), false);
    const live = await runHostLock(TAKE, host.site(LOCK, me), true);
    assert.equal(live.data?.rc, LOCK_HELD_RC);
    host.end(gone);
    const stale = await runHostLock(TAKE, host.site(LOCK, me), true);
    assert.match(String(stale.data?.stderr), /: would be taken over$/);
    const wouldRelease = await runHostLock(release(held.data?.token), host.site(LOCK, gone), true);
    assert.equal(wouldRelease.changed, true);
    assert.match(String(host.dirs.get(LOCK)?.owner), /^user=gone$/m, 'the lock is still there');
  });
});
