/**
 * Two rotate runs against one fleet at once: the per-host lock (playbooks/tasks/host-lock.yaml)
 * lets one rotate the node and makes the other refuse it, naming the holder; a stale lock
 * (its sshd session gone) is taken over and named; with k3s_lock_wait the second run waits,
 * reads the certificates again and leaves the node the first run rotated alone.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startSimulatedFleet } from '../harness/simulated-cluster.js';
import { changedHosts, resultsOf, runPlaybook } from '../playbooks/playbook-run.js';

const RESTARTS = /^(Restart k3s \(|Start k3s on the new certificates)/;
const TAKE = "Take the host's rotate lock";

// Each test starts its own fleet: both run at once (most of each is waiting for k3s starts).
describe('two rotate runs against one fleet', { concurrency: 2 }, () => {
  test('two rotate runs at once: one rotates, the other refuses the locked node and names the holder; then a stale lock is taken over', async () => {
    const fleet = await startSimulatedFleet({
      servers: 1,
      agents: 1,
      version: 'v1.18.6+k3s1',
      state: { leafDaysLeft: 30, servingDaysLeft: 300 },
    });
    try {
      const lock = join(fleet.cluster.paths('server-1').dataDir, 'certbook-rotate.lock');
      const [a, b] = await Promise.all([runPlaybook('rotate', fleet.inventoryFile), runPlaybook('rotate', fleet.inventoryFile)]);
      const codes = [a.code, b.code].sort();
      assert.deepEqual(codes, [0, 2], `${a.stdout}\n${b.stdout}`);
      const [winner, loser] = a.code === 0 ? [a, b] : [b, a];
      assert.deepEqual(changedHosts(winner.report, RESTARTS), ['server-1', 'agent-1']);
      // The loser touched nothing: no backup, no restart.
      assert.deepEqual(changedHosts(loser.report, RESTARTS), []);
      assert.deepEqual(resultsOf(loser.report, 'Back up server/tls'), []);
      const refused = resultsOf(loser.report, TAKE);
      assert.deepEqual(
        refused.map((r) => r.status),
        ['failed'],
      );
      assert.match(
        String(refused[0]!.result.stderr),
        /held by another run \(user=certbook-ops pid=\d+ pid_start=\d+ started=\d{4}-\d\d-\d\dT/,
      );
      assert.equal(existsSync(lock), false, 'the winner released the lock');

      // A lock left by a run whose sshd session is gone (certbook killed): stale, taken over, named.
      mkdirSync(lock);
      writeFileSync(
        join(lock, 'owner'),
        `token=x\nuser=someone\npid=999999\npid_start=1\nstarted=2026-01-01T00:00:00Z\nstarted_epoch=${Math.floor(Date.now() / 1000)}\n`,
      );
      const forced = await runPlaybook('rotate', fleet.inventoryFile, ['-e', 'force=true']);
      assert.equal(forced.code, 0, forced.stdout);
      const taken = resultsOf(forced.report, TAKE);
      assert.match(
        String(taken[0]!.result.stderr),
        /stale rotate lock .*\(its sshd session \(pid 999999\) is gone; user=someone pid=999999 .*\): taken over/,
      );
      assert.deepEqual(changedHosts(forced.report, RESTARTS), ['server-1', 'agent-1']);
      assert.equal(existsSync(lock), false);
    } finally {
      await fleet.stop();
    }
  });

  test('two rotate runs at once with k3s_lock_wait: the second waits for each node, finds it rotated and leaves it alone', async () => {
    const fleet = await startSimulatedFleet({
      servers: 1,
      agents: 1,
      version: 'v1.33.1+k3s1',
      state: { leafDaysLeft: 30, servingDaysLeft: 300 },
    });
    try {
      const args = ['-e', 'k3s_lock_wait=120'];
      const [a, b] = await Promise.all([
        runPlaybook('rotate', fleet.inventoryFile, args),
        runPlaybook('rotate', fleet.inventoryFile, args),
      ]);
      assert.deepEqual([a.code, b.code], [0, 0], `${a.stdout}\n${b.stdout}`);
      // Each node restarted exactly once, by whichever run got its lock first.
      const restarted = [...changedHosts(a.report, RESTARTS), ...changedHosts(b.report, RESTARTS)].sort();
      assert.deepEqual(restarted, ['agent-1', 'server-1']);
      const waited = [...resultsOf(a.report, TAKE), ...resultsOf(b.report, TAKE)].filter((r) => Number(r.result.attempts) > 1);
      assert.ok(waited.length >= 1, 'one run waited for a lock');
      for (const r of waited) {
        const report = resultsOf(a.report, TAKE).includes(r) ? a.report : b.report;
        assert.deepEqual(
          resultsOf(report, 'Leave the node alone (the other run rotated it)')
            .filter((x) => x.host === r.host)
            .map((x) => x.status),
          ['ok'],
          `${r.host}: after the wait the node was found rotated and left alone`,
        );
      }
      assert.equal(existsSync(join(fleet.cluster.paths('server-1').dataDir, 'certbook-rotate.lock')), false);
    } finally {
      await fleet.stop();
    }
  });
});
