/**
 * rotate over real sshd with the real kubectl: both seed scenarios (everything expired;
 * leaves inside the window with a stale serving certificate) on v1.18 and on a current k3s,
 * each fixed by one run; kubectl then verifies the server; a second run changes nothing.
 * Old k3s goes through restarts and the shared force-reissue tasks, a current one through
 * `k3s certificate rotate`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type SimulatedFleet, startSimulatedFleet } from '../harness/simulated-cluster.js';
import { snapshotNode, withoutServingCopy } from './fleet-state.js';
import { certificateRows, changedHosts, resultsOf, runPlaybook, totalChanged } from './playbook-run.js';

/** A k3s of 2025 (120-day window, `k3s certificate rotate`). */
const CURRENT = 'v1.33.1+k3s1';

const SCENARIOS = [
  { name: 'everything expired', state: { leafDaysLeft: -10, servingDaysLeft: -10 } },
  { name: 'leaves inside the window, serving certificate stale', state: { leafDaysLeft: 30, servingDaysLeft: 30 } },
];

/** kubectl on every server, as the operator runs it: verification on. */
async function assertKubectlVerifies(fleet: SimulatedFleet): Promise<void> {
  for (const server of fleet.cluster.servers) {
    const kubectl = await fleet.ssh(server, 'sudo k3s kubectl get nodes');
    assert.equal(kubectl.code, 0, kubectl.stderr);
    assert.match(kubectl.stdout, /Ready/);
  }
}

/** check-expiry is clean, and a second rotate changes nothing. */
async function assertConverged(fleet: SimulatedFleet): Promise<void> {
  const after = await runPlaybook('check-expiry', fleet.inventoryFile);
  assert.equal(after.code, 0, after.stdout);
  assert.ok(certificateRows(after.report).every((r) => r.status === 'OK'));
  const second = await runPlaybook('rotate', fleet.inventoryFile);
  assert.equal(second.code, 0, second.stdout);
  assert.equal(totalChanged(second.report), 0);
}

// Each test starts its own fleet, so they run 3 at a time: most of a test is waiting for k3s to
// start and for kubectl, and run one after the other this file was the suite's longest.
describe('rotate over real sshd', { concurrency: 3 }, () => {
  for (const version of ['v1.18.6+k3s1', CURRENT]) {
    for (const scenario of SCENARIOS) {
      test(`${version}, ${scenario.name}: one rotate fixes it, kubectl verifies, a second run changes nothing`, async () => {
        const fleet = await startSimulatedFleet({ servers: 2, agents: 1, version, state: scenario.state });
        try {
          assert.equal((await runPlaybook('check-expiry', fleet.inventoryFile)).code, 2);

          const snapshot = () => fleet.cluster.nodes.map((n) => withoutServingCopy(snapshotNode(fleet, n.name)));
          const untouched = snapshot();
          const check = await runPlaybook('rotate', fleet.inventoryFile, ['--check']);
          assert.equal(check.code, 0, check.stdout);
          const why = resultsOf(check.report, 'Why this node rotates (or not)');
          assert.deepEqual(
            why.map((r) => r.host),
            ['server-1', 'server-2', 'agent-1'],
          );
          for (const r of why) assert.match(String(r.result.msg), /^would rotate: .*inside the (90|120)-day window/);
          assert.deepEqual(snapshot(), untouched, '--check changed nothing');

          const first = await runPlaybook('rotate', fleet.inventoryFile);
          assert.equal(first.code, 0, first.stdout);
          const servers = ['server-1', 'server-2'];
          if (version === CURRENT) assert.deepEqual(changedHosts(first.report, 'k3s certificate rotate'), servers);
          else assert.deepEqual(changedHosts(first.report, /^Restart k3s \(/), [...servers, 'agent-1']);
          // Old k3s never renews the served certificate: the shared tasks re-issue it, once.
          const reissued = changedHosts(first.report, /^Delete the k3s-serving Secret/);
          assert.deepEqual(reissued, version === CURRENT ? [] : ['server-1']);
          await assertKubectlVerifies(fleet);
          await assertConverged(fleet);
        } finally {
          await fleet.stop();
        }
      });
    }
  }

  test(`${CURRENT}, fresh certificates, -e force=true: servers through k3s certificate rotate, agents restarted; converged after`, async () => {
    const fleet = await startSimulatedFleet({
      servers: 1,
      agents: 1,
      version: CURRENT,
      state: { leafDaysLeft: 300, servingDaysLeft: 300 },
    });
    try {
      const before = snapshotNode(fleet, 'server-1').tls;
      const run = await runPlaybook('rotate', fleet.inventoryFile, ['-e', 'force=true']);
      assert.equal(run.code, 0, run.stdout);
      assert.deepEqual(changedHosts(run.report, 'k3s certificate rotate'), ['server-1']);
      assert.deepEqual(changedHosts(run.report, /^Restart k3s \(/), ['agent-1']);
      assert.notEqual(snapshotNode(fleet, 'server-1').tls['client-admin.crt'], before['client-admin.crt'], 'client-admin.crt re-issued');
      await assertKubectlVerifies(fleet);
      await assertConverged(fleet);
    } finally {
      await fleet.stop();
    }
  });

  test('a single-node cluster (an empty agent group): the agent play is skipped, the server rotated, converged after', async () => {
    const fleet = await startSimulatedFleet({ servers: 1, agents: 0, version: CURRENT, state: { leafDaysLeft: 30, servingDaysLeft: 300 } });
    try {
      const run = await runPlaybook('rotate', fleet.inventoryFile);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /PLAY \[Rotate k3s agents[^\]]*\][^\n]*\nskipping: no hosts matched/);
      assert.deepEqual(changedHosts(run.report, /^Start k3s on the new certificates/), ['server-1']);
      const again = await runPlaybook('rotate', fleet.inventoryFile);
      assert.equal(again.code, 0);
      assert.equal(totalChanged(again.report), 0);
    } finally {
      await fleet.stop();
    }
  });
});
