/**
 * rotate (and check-expiry after it) on the inventories real fleets have (issue #12), over real
 * sshd with the real kubectl:
 * - single-node clusters whose inventory has no agent group at all;
 * - k3s-ansible's old group names `master`/`node`, in YAML and in INI (`hosts.ini`);
 * - a node whose `k3s` command is missing: refused with the reason, nothing touched on it;
 * - k3s-ansible's sample inventory as shipped: hosts named by IP address, its variables
 *   (`k3s_server_location`, `api_port`, `k3s_version`, `api_endpoint`), node names found on the node.
 * One fleet for the file; each test rotates clusters of its own.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type SimulatedFleets, startSimulatedFleets } from '../harness/simulated-fleets.js';
import { assertKubectlVerifies, clusterRow, failuresOf, restartedNodes, runOn, tail } from './multi-cluster-run.js';
import { certificateRows, resultsOf, totalChanged } from './playbook-run.js';

const OLD = 'v1.18.6+k3s1';
const SAMPLE = 'v1.26.9+k3s1';
const CURRENT = 'v1.33.1+k3s1';

let fleets: SimulatedFleets;

before(async () => {
  fleets = await startSimulatedFleets([
    // Single-node clusters.
    { name: 's1', servers: 1, version: CURRENT, state: { leafDaysLeft: 30, servingDaysLeft: 300 } },
    { name: 's2', servers: 1, version: OLD, state: { leafDaysLeft: 300, servingDaysLeft: 300 } },
    // k3s missing on agent-1.
    { name: 'm1', servers: 1, agents: 1, version: CURRENT, state: { leafDaysLeft: 30, servingDaysLeft: 300 } },
    // The v1.18 era, installed with k3s-ansible's hosts.ini: o1/o2 through YAML, o3/o4 through INI.
    { name: 'o1', servers: 1, agents: 1, version: OLD, state: { leafDaysLeft: -10, servingDaysLeft: -10 } },
    { name: 'o2', servers: 1, agents: 1, version: OLD, state: { leafDaysLeft: 30, servingDaysLeft: 30 } },
    { name: 'o3', servers: 1, agents: 1, version: OLD, state: { leafDaysLeft: -10, servingDaysLeft: -10 } },
    { name: 'o4', servers: 1, agents: 1, version: OLD, state: { leafDaysLeft: 30, servingDaysLeft: 30 } },
    // k3s-ansible's sample inventory.
    { name: 'k1', servers: 1, agents: 2, version: SAMPLE, state: { leafDaysLeft: 30, servingDaysLeft: 300 } },
  ]);
});
after(async () => {
  await fleets?.stop();
});

test('two single-node clusters, no agent group anywhere: rotate exits 0 (not 4), rotates the one that needs it; check-expiry 0; a second run changes nothing', async () => {
  const inventory = fleets.inventory('files', { clusters: ['s1', 's2'], omitEmptyAgentGroup: true });
  for (const file of inventory.filter((a) => a !== '-i'))
    assert.doesNotMatch(readFileSync(file, 'utf8'), /agent/, `${file} has no agent group`);
  const before = fleets.snapshot('s2');
  const run = await runOn('rotate', inventory);
  assert.equal(run.code, 0, tail(run));
  assert.deepEqual(restartedNodes(run.report, fleets.member('s1')), ['server-1']);
  assert.deepEqual(fleets.snapshot('s2'), before, 's2 untouched');
  await assertKubectlVerifies(fleets.member('s1'));

  const check = await runOn('check-expiry', inventory);
  assert.equal(check.code, 0, tail(check));
  for (const name of ['s1', 's2']) {
    const row = clusterRow(check.report, fleets.member(name).expectedName);
    assert.deepEqual([Number(row.servers), Number(row.agents), row.run], [1, 0, 'nothing'], name);
  }
  const again = await runOn('rotate', inventory);
  assert.equal(again.code, 0, tail(again));
  assert.equal(totalChanged(again.report), 0);
});

test('old group names master/node in YAML (one merged file): both v1.18 clusters rotated end to end; check-expiry 0; a second run changes nothing', async () => {
  const inventory = fleets.inventory('merged', { clusters: ['o1', 'o2'], groups: { server: 'master', agent: 'node' } });
  assert.doesNotMatch(readFileSync(inventory[1]!, 'utf8'), /\b(server|agent):/);
  await rotatedEndToEnd(inventory, ['o1', 'o2']);
});

test('old hosts.ini in INI ([master], [node], [k3s_cluster:children]), one file per cluster: both v1.18 clusters rotated end to end; check-expiry 0; a second run changes nothing', async () => {
  const inventory = fleets.inventory('files', { clusters: ['o3', 'o4'], format: 'ini', groups: { server: 'master', agent: 'node' } });
  assert.match(readFileSync(inventory[1]!, 'utf8'), /^\[k3s_cluster:children\]\nmaster\nnode$/m);
  await rotatedEndToEnd(inventory, ['o3', 'o4']);
});

test('a node whose k3s command is missing: rotate refuses it with the reason and touches nothing on it; the server is rotated', async () => {
  const m = fleets.member('m1');
  const k3s = join(m.cluster.binDir('agent-1'), 'k3s');
  renameSync(k3s, `${k3s}.removed`);
  try {
    const before = fleets.snapshot('m1');
    const run = await runOn('rotate', fleets.inventory('files', { clusters: ['m1'] }));
    assert.equal(run.code, 2, tail(run));
    assert.deepEqual(restartedNodes(run.report, m), ['server-1']);
    const agent = m.host('agent-1');
    const failed = failuresOf(run.report, agent);
    assert.ok(failed.length > 0, `${agent} failed\n${tail(run)}`);
    const why = failed.map((r) => String(r.result.msg)).join(' | ');
    assert.match(why, /k3s/, why);
    assert.match(why, /version/i, why);
    // Nothing touched: same files, same process, no backup taken, no lock left behind.
    assert.deepEqual(fleets.snapshot('m1').nodes['agent-1'], before.nodes['agent-1'], `${agent} untouched`);
    const dataDir = m.cluster.paths('agent-1').dataDir;
    assert.equal(existsSync(join(dataDir, 'certbook-backups')), false, 'no backup taken');
    assert.equal(existsSync(join(dataDir, 'certbook-rotate.lock')), false, 'no lock left');
    assert.equal(resultsOf(run.report, /^Back up/).filter((r) => r.host === agent && r.status !== 'skipped').length, 0);
  } finally {
    renameSync(`${k3s}.removed`, k3s);
  }
});

test("k3s-ansible's sample inventory as shipped (hosts named by IP, k3s_server_location, api_port, k3s_version, api_endpoint): rotated end to end, node names found on the node", async () => {
  const m = fleets.member('k1');
  const inventory = fleets.inventory('files', { clusters: ['k1'], style: 'k3s-ansible-sample' });
  const text = readFileSync(inventory[1]!, 'utf8');
  for (const v of ['k3s_server_location', 'api_port', 'k3s_version', 'api_endpoint']) assert.match(text, new RegExp(`\\b${v}:`));
  for (const v of ['k3s_data_dir', 'k3s_https_port', 'k3s_node_name', 'ansible_host']) assert.doesNotMatch(text, new RegExp(`\\b${v}:`));
  const run = await runOn('rotate', inventory);
  assert.equal(run.code, 0, tail(run));
  assert.deepEqual(restartedNodes(run.report, m, 'k3s-ansible-sample'), ['server-1', 'agent-1', 'agent-2']);
  const ready = resultsOf(run.report, /^The node is Ready/).filter((r) => r.status !== 'skipped');
  assert.deepEqual(
    ready.map((r) => [r.host, r.status]),
    m.hosts('k3s-ansible-sample').map((h) => [h, 'ok']),
  );
  await assertKubectlVerifies(m);
  await convergedAfter(inventory);
});

/** rotate restarts each cluster's server then agent, kubectl verifies, check-expiry is 0, a second run changes nothing. */
async function rotatedEndToEnd(inventory: string[], clusters: string[]): Promise<void> {
  const run = await runOn('rotate', inventory);
  assert.equal(run.code, 0, tail(run));
  for (const name of clusters) {
    assert.deepEqual(restartedNodes(run.report, fleets.member(name)), ['server-1', 'agent-1'], name);
    await assertKubectlVerifies(fleets.member(name));
  }
  await convergedAfter(inventory);
}

/** After a rotate: check-expiry finds every certificate OK (exit 0) and a second rotate changes nothing. */
async function convergedAfter(inventory: string[]): Promise<void> {
  const check = await runOn('check-expiry', inventory);
  assert.equal(check.code, 0, tail(check));
  assert.ok(certificateRows(check.report).every((r) => r.status === 'OK'));
  const again = await runOn('rotate', inventory);
  assert.equal(again.code, 0, tail(again));
  assert.equal(totalChanged(again.report), 0);
}
