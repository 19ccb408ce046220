/**
 * The three playbooks on RKE2 (issue #20, item 4), over real sshd with the real kubectl against
 * the simulator's RKE2 family, with inventories in rancherfederal/rke2-ansible's groups and
 * lablabs/ansible-role-rke2's variables (no k3s_* path, port or name set):
 * - the seed's two scenarios on v1.24.14+rke2r1 (everything expired; leaves inside the window
 *   with an rke2-serving certificate a restart does not renew, rke2#4372): found by check-expiry,
 *   fixed by one rotate (`rke2 certificate rotate` on the server, the agent restarted), kubectl
 *   verifies the server, check-expiry is clean, a second rotate changes nothing;
 * - a fleet of a k3s and an RKE2 cluster in one run (two -i files): each found and named in its
 *   own terms (k3s-serving / rke2-serving, 6443 / 9345), both rotated, converged after.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type SimulatedFleet, startSimulatedFleet } from '../harness/simulated-cluster.js';
import { startSimulatedFleets } from '../harness/simulated-fleets.js';
import { clusterRow, restartedNodes, runOn, tableRows, tail } from './multi-cluster-run.js';
import { certificateRows, changedHosts, resultsOf, runPlaybook, totalChanged } from './playbook-run.js';

/** RKE2 the release rke2#4372 was reported on. */
const RKE2_4372 = 'v1.24.14+rke2r1';

/** kubectl on an RKE2 server as its operator runs it: <data-dir>/bin/kubectl, rke2.yaml, verification on. */
async function assertRke2KubectlVerifies(fleet: SimulatedFleet): Promise<void> {
  for (const s of fleet.cluster.servers) {
    const r = await fleet.ssh(s, `sudo ${s.dataDir}/bin/kubectl --kubeconfig ${s.kubeconfigPath} get nodes`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Ready/);
  }
}

describe('the playbooks on RKE2', { concurrency: 3 }, () => {
  const scenarios = [
    {
      name: 'everything expired',
      state: { leafDaysLeft: -10, servingDaysLeft: -10 },
      verdict: /leaf certificate\(s\) inside the 90-day window.*run rotate/,
    },
    {
      name: 'leaves inside the window, rke2-serving stale (rke2#4372)',
      state: { leafDaysLeft: 30, servingDaysLeft: 30 },
      verdict: /rke2-serving certificate \(supervisor, :9345\) does not renew on restart \(rke2#4372\)/,
    },
  ];
  for (const scenario of scenarios) {
    test(`${RKE2_4372}, ${scenario.name}: one rotate fixes it, kubectl verifies, a second run changes nothing`, async () => {
      const fleet = await startSimulatedFleet({ servers: 1, agents: 1, version: RKE2_4372, state: scenario.state });
      try {
        assert.match(fleet.inventory, /rke2_servers:/);
        assert.doesNotMatch(fleet.inventory, /k3s_data_dir|k3s_https_port/);
        const check = await runPlaybook('check-expiry', fleet.inventoryFile);
        assert.equal(check.code, 2, tail(check));
        const rows = certificateRows(check.report);
        const server = fleet.cluster.servers[0]!;
        // With every client certificate expired the kube-apiserver refuses kubectl: no Secret row then.
        if (scenario.state.leafDaysLeft > 0)
          assert.ok(
            rows.some((r) => r.source === 'secret' && r.path === 'kube-system/rke2-serving'),
            'the rke2-serving Secret read',
          );
        assert.ok(
          rows.some((r) => r.source === 'served' && r.path === `${server.address}:9345` && r.subject === 'rke2'),
          'the supervisor probed',
        );
        assert.ok(
          rows.some((r) => r.source === 'served' && r.path === `${server.address}:6443` && r.subject === 'kube-apiserver'),
          'the kube-apiserver probed',
        );
        assert.ok(rows.some((r) => String(r.path).endsWith('/server/tls/client-rke2-controller.crt')));
        const verdict = resultsOf(check.report, 'Certificates need no attention').find((r) => r.host === 'server-1');
        assert.match(String(verdict?.result.msg), scenario.verdict);

        const first = await runPlaybook('rotate', fleet.inventoryFile);
        assert.equal(first.code, 0, tail(first));
        assert.deepEqual(changedHosts(first.report, 'k3s certificate rotate'), ['server-1']);
        assert.deepEqual(changedHosts(first.report, /^Restart k3s \(/), ['agent-1']);
        await assertRke2KubectlVerifies(fleet);

        const after = await runPlaybook('check-expiry', fleet.inventoryFile);
        assert.equal(after.code, 0, tail(after));
        assert.ok(certificateRows(after.report).every((r) => r.status === 'OK'));
        const second = await runPlaybook('rotate', fleet.inventoryFile);
        assert.equal(second.code, 0, tail(second));
        assert.equal(totalChanged(second.report), 0, tail(second));
      } finally {
        await fleet.stop();
      }
    });
  }

  test("rotate --limit an RKE2 agent: its server, outside the run, is found by its CA under rke2_data_path and asked with RKE2's kubectl", async () => {
    const fleet = await startSimulatedFleet({
      servers: 1,
      agents: 1,
      version: 'v1.33.1+rke2r1',
      state: { leafDaysLeft: 30, servingDaysLeft: 300 },
    });
    try {
      const run = await runPlaybook('rotate', fleet.inventoryFile, ['--limit', 'agent-1']);
      assert.equal(run.code, 0, tail(run));
      assert.deepEqual(changedHosts(run.report, /^Restart k3s \(/), ['agent-1']);
      const ready = resultsOf(run.report, 'The node is Ready (kubectl with server verification on)').filter((r) => r.host === 'agent-1');
      assert.equal(ready.length, 1);
      assert.equal(ready[0]!.status, 'ok', JSON.stringify(ready[0]!.result));
      const server = fleet.cluster.servers[0]!;
      assert.ok(
        String(ready[0]!.result.cmd).startsWith(`${server.dataDir}/bin/kubectl --kubeconfig ${server.kubeconfigPath}`),
        String(ready[0]!.result.cmd),
      );
      assert.equal(run.report.stats['server-1'], undefined, 'the server was only read, not in the run');
    } finally {
      await fleet.stop();
    }
  });

  test("a k3s and an RKE2 cluster in one run: check-expiry and rotate in each one's terms; converged after", async () => {
    const fleets = await startSimulatedFleets([
      { name: 'k', servers: 1, agents: 1, version: 'v1.28.9+k3s1', state: { leafDaysLeft: 30, servingDaysLeft: 300 } },
      { name: 'r', servers: 1, agents: 1, version: 'v1.33.1+rke2r1', state: { leafDaysLeft: 100, servingDaysLeft: 300 } },
    ]);
    try {
      const inventory = fleets.inventory('files');
      const [k, r] = [fleets.member('k'), fleets.member('r')];
      const check = await runOn('check-expiry', inventory);
      assert.equal(check.code, 2, tail(check));
      assert.equal(clusterRow(check.report, k.expectedName).run, 'rotate');
      assert.equal(clusterRow(check.report, r.expectedName).run, 'rotate');
      const secrets = certificateRows(check.report)
        .filter((row) => row.source === 'secret')
        .map((row) => `${row.cluster} ${row.path}`)
        .sort();
      assert.deepEqual(secrets, [`${k.expectedName} kube-system/k3s-serving`, `${r.expectedName} kube-system/rke2-serving`].sort());
      const verdicts = resultsOf(check.report, 'Certificates need no attention');
      assert.match(String(verdicts.find((v) => v.host === r.host('server-1'))?.result.msg), /inside the 120-day window.*run rotate/);
      assert.match(String(verdicts.find((v) => v.host === k.host('server-1'))?.result.msg), /inside the 90-day window.*run rotate/);
      assert.deepEqual(tableRows(check.report, 'known_bugs'), []);

      const run = await runOn('rotate', inventory);
      assert.equal(run.code, 0, tail(run));
      assert.deepEqual(restartedNodes(run.report, k), ['server-1', 'agent-1']);
      assert.deepEqual(restartedNodes(run.report, r), ['server-1', 'agent-1']);
      const units = resultsOf(run.report, /^(Start k3s on the new certificates|Restart k3s \()/)
        .filter((x) => x.status === 'changed')
        .map((x) => `${x.host} ${String((x.result as { name?: string }).name)}`)
        .sort();
      assert.deepEqual(
        units,
        [
          `${k.host('agent-1')} k3s-agent`,
          `${k.host('server-1')} k3s`,
          `${r.host('agent-1')} rke2-agent`,
          `${r.host('server-1')} rke2-server`,
        ].sort(),
      );

      const after = await runOn('check-expiry', inventory);
      assert.equal(after.code, 0, tail(after));
      const again = await runOn('rotate', inventory);
      assert.equal(again.code, 0, tail(again));
      assert.equal(totalChanged(again.report), 0, tail(again));
    } finally {
      await fleets.stop();
    }
  });
});
