/**
 * rotate on bigger fleets: an HA cluster (3 servers, 2 agents) rotates servers one at a time,
 * then agents; a node whose k3s does not come back is restored from its backup and stops the
 * rollout, leaving every later node untouched, with exit code 2 and a report that says what
 * happened where.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { startSimulatedFleet } from '../harness/simulated-cluster.js';
import { snapshotNode, withoutServingCopy } from './fleet-state.js';
import { changedHosts, resultsOf, runPlaybook, totalChanged } from './playbook-run.js';

const RESTARTS = /^(Restart k3s \(|Start k3s on the new certificates)/;

// Each test starts its own fleet: both run at once (most of each is waiting for k3s starts).
describe('rotate on bigger fleets', { concurrency: 2 }, () => {
  test('HA, 3 servers and 2 agents: servers one at a time, then agents; a second run changes nothing', async () => {
    const fleet = await startSimulatedFleet({
      servers: 3,
      agents: 2,
      version: 'v1.18.6+k3s1',
      state: { leafDaysLeft: 30, servingDaysLeft: -10 },
    });
    try {
      const run = await runPlaybook('rotate', fleet.inventoryFile);
      assert.equal(run.code, 0, run.stdout);
      assert.deepEqual(changedHosts(run.report, RESTARTS), ['server-1', 'server-2', 'server-3', 'agent-1', 'agent-2']);
      // serial 1: every task of the server play ran on one host at a time.
      const serverPlay = run.report.plays.find((p) => p.name.startsWith('Rotate k3s servers'))!;
      assert.ok(serverPlay.tasks.every((t) => t.results.length <= 1));
      const check = await runPlaybook('check-expiry', fleet.inventoryFile);
      assert.equal(check.code, 0, check.stdout);
      const again = await runPlaybook('rotate', fleet.inventoryFile);
      assert.equal(again.code, 0);
      assert.equal(totalChanged(again.report), 0);
    } finally {
      await fleet.stop();
    }
  });

  test('a server whose k3s does not come back is restored from its backup; the rollout stops; exit 2; the report says where', async () => {
    // A current k3s: `k3s certificate rotate` deletes the leaves, so the restore has work to do.
    const fleet = await startSimulatedFleet({
      servers: 3,
      agents: 1,
      version: 'v1.33.1+k3s1',
      state: { leafDaysLeft: 30, servingDaysLeft: 300 },
    });
    try {
      const before = Object.fromEntries(fleet.cluster.nodes.map((n) => [n.name, snapshotNode(fleet, n.name)]));
      // From now on every start of server-2's k3s fails.
      writeFileSync(fleet.cluster.paths('server-2').failStartFile, '');
      const run = await runPlaybook('rotate', fleet.inventoryFile);
      assert.equal(run.code, 2);

      const restored = resultsOf(run.report, 'Restore server/tls from the backup').filter((r) => r.status !== 'skipped');
      assert.deepEqual(
        restored.map((r) => [r.host, r.status]),
        [['server-2', 'changed']],
      );
      const stop = resultsOf(run.report, 'Stop the rollout');
      assert.deepEqual(
        stop.map((r) => [r.host, r.status]),
        [['server-2', 'failed']],
      );
      assert.match(
        String(stop[0]!.result.msg),
        /rotation failed on server-2 at "Start k3s on the new certificates".*restored \S+server-tls-\d{8}T\d{6}Z\.tar\.gz.*k3s did not come back after the restore.*the rollout stops here/s,
      );
      assert.equal(run.report.stats['server-2']!.failed, 1);

      // dynamic-cert.json is left out: every k3s server copies the shared Secret into it (server-1's
      // rotation made a new one), k3s's doing, not certbook's.
      // server-1 went first and was rotated; server-2 holds exactly its backup again.
      assert.notEqual(snapshotNode(fleet, 'server-1').tls['client-admin.crt'], before['server-1']!.tls['client-admin.crt']);
      assert.deepEqual(withoutServingCopy(snapshotNode(fleet, 'server-2')).tls, withoutServingCopy(before['server-2']!).tls);
      // Nobody after it was touched: same files, same k3s process, no task of the rollout (only
      // the first play, which reads each node's server CA to find its cluster).
      const rollout = run.report.plays.filter((p) => p.name.startsWith('Rotate k3s'));
      for (const name of ['server-3', 'agent-1']) {
        assert.deepEqual(withoutServingCopy(snapshotNode(fleet, name)), withoutServingCopy(before[name]!), `${name} untouched`);
        const ran = rollout
          .flatMap((p) => p.tasks)
          .flatMap((t) => t.results)
          .filter((r) => r.host === name);
        assert.deepEqual(ran, [], `${name} ran no task of the rollout`);
      }
      assert.deepEqual(
        run.report.partitionsStopped.map((p) => [p.hosts, /server-2 failed: rotation failed on server-2/.test(p.reason)]),
        [[['server-1', 'server-2', 'server-3'], true]],
      );
    } finally {
      await fleet.stop();
    }
  });
});
