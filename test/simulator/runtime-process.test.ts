/**
 * The node process and the operator commands without SSH: several nodes hosted by one OS
 * process (what a benchmark of hundreds of nodes needs), stopping one of them only, restarting
 * it into its own process, SIGTERM, and nothing left running after `stop()`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { type SimulatedCluster, startSimulatedCluster } from '../../src/simulator/runtime/simulated-cluster.js';
import { getOnce, processesUsing, until } from './runtime-helpers.js';

let cluster: SimulatedCluster;
before(async () => {
  cluster = await startSimulatedCluster({ servers: 3, agents: 2, nodesPerProcess: 5, state: { leafDaysLeft: 300, servingDaysLeft: 300 } });
});
after(async () => {
  const root = cluster?.root;
  await cluster?.stop();
  if (root) assert.deepEqual(processesUsing(root), []);
});

/** Runs a node's command as the operator would (root, the node's bin first on PATH). */
function sh(node: string, command: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('/bin/sh', ['-c', command], {
    env: { PATH: `${cluster.binDir(node)}:/usr/sbin:/usr/bin:/sbin:/bin` },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const pid = (node: string): number => Number(readFileSync(cluster.paths(node).pidFile, 'utf8'));

test('five nodes run in one process, each with its own pid file and API', async () => {
  const pids = new Set(cluster.nodes.map((n) => pid(n.name)));
  assert.equal(pids.size, 1);
  for (const s of cluster.servers) assert.deepEqual(await getOnce(s.address, s.port, '/ping'), { status: 200, body: 'pong' });
});

test('stopping one node stops only that node; starting it again gives it its own process', async () => {
  const shared = pid('server-1');
  const stop = sh('server-2', 'systemctl stop k3s; systemctl is-active k3s');
  assert.equal(stop.stdout, 'inactive\n');
  assert.equal(existsSync(cluster.paths('server-2').pidFile), false);
  assert.equal((await getOnce(cluster.servers[1]!.address, cluster.servers[1]!.port, '/ping')).error, 'ECONNREFUSED');
  assert.equal(pid('server-1'), shared);
  assert.deepEqual(await getOnce(cluster.servers[0]!.address, cluster.servers[0]!.port, '/ping'), { status: 200, body: 'pong' });
  const start = sh('server-2', 'systemctl start k3s; systemctl is-active k3s');
  assert.equal(start.stdout, 'active\n', start.stderr);
  assert.notEqual(pid('server-2'), shared);
  const nodes = sh('server-3', 'k3s kubectl get nodes --no-headers');
  assert.equal(nodes.code, 0, nodes.stderr);
  assert.equal(
    nodes.stdout
      .trim()
      .split('\n')
      .filter((l) => /\sReady\s/.test(l)).length,
    5,
  );
});

test('a stopped node shows NotReady to the others', async () => {
  const stop = sh('agent-2', 'systemctl stop k3s-agent && systemctl is-active k3s-agent');
  assert.equal(stop.stdout, 'inactive\n');
  const nodes = sh('server-1', 'k3s kubectl get nodes --no-headers');
  assert.match(nodes.stdout, /^agent-2\s+NotReady\s/m);
  assert.equal(sh('agent-2', 'systemctl start k3s-agent').code, 0);
});

test('systemctl show, is-enabled, disable/enable and status speak systemd', () => {
  const show = sh(
    'server-1',
    'systemctl show -p LoadState -p ActiveState -p UnitFileState -- k3s.service; systemctl show -p LoadState --value nginx',
  );
  assert.deepEqual(show.stdout.trim().split('\n'), ['LoadState=loaded', 'ActiveState=active', 'UnitFileState=enabled', 'not-found']);
  const toggle = sh(
    'server-1',
    'systemctl disable k3s; systemctl is-enabled k3s; echo "rc=$?"; systemctl enable k3s; systemctl is-enabled --quiet k3s; echo "rc=$?"',
  );
  assert.deepEqual(toggle.stdout.trim().split('\n'), ['disabled', 'rc=1', 'rc=0']);
  const status = sh('server-1', 'systemctl status k3s');
  assert.equal(status.code, 0);
  assert.match(status.stdout, /^● k3s\.service - Lightweight Kubernetes\n/);
  assert.match(status.stdout, /Active: active \(running\)/);
  const env = sh('server-1', 'systemctl show-environment');
  assert.equal(env.code, 0);
  const journal = sh('server-1', 'journalctl -u k3s --no-pager -n 50; journalctl -u nginx');
  assert.match(journal.stdout, /^time="[^"]+" level=info msg="Starting k3s v1\.18\.6\+k3s1"$/m);
  assert.match(journal.stdout, /-- No entries --\n$/);
});

test('rc-service and service drive the same unit', () => {
  const r = sh(
    'agent-1',
    'rc-service k3s-agent status; rc-service k3s-agent restart; echo "rc=$?"; service k3s-agent status >/dev/null; echo "svc=$?"',
  );
  assert.match(r.stdout, /^ \* status: started\n/);
  assert.match(r.stdout, /rc=0\nsvc=0\n$/);
});

test('SIGTERM stops every node of the process cleanly', async () => {
  const shared = pid('server-1');
  process.kill(shared, 'SIGTERM');
  await until(
    'the shared process to exit',
    () => !existsSync(`/proc/${shared}`) || /\) Z/.test(readFileSync(`/proc/${shared}/stat`, 'utf8')),
  );
  // server-1 and server-3 never left the shared process; the others were restarted into their own.
  for (const n of ['server-1', 'server-3']) {
    assert.equal(existsSync(cluster.paths(n).pidFile), false, n);
    assert.equal(sh(n, 'systemctl is-active --quiet k3s; echo $?').stdout, '3\n');
  }
  for (const n of ['server-2', 'agent-1'])
    assert.equal(sh(n, 'systemctl is-active k3s k3s-agent').stdout.split('\n').includes('active'), true, n);
});

test('a node process whose cluster directory disappeared stops by itself', async () => {
  const orphan = await startSimulatedCluster({ servers: 1, state: { leafDaysLeft: 300, servingDaysLeft: 300 }, keep: true });
  const root = orphan.root;
  assert.equal(processesUsing(root).length, 1);
  rmSync(root, { recursive: true, force: true });
  await until('the orphaned node process to exit', () => processesUsing(root).length === 0);
  await orphan.stop();
});
