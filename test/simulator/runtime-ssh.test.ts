/**
 * The simulator runtime driven as the playbooks drive it: over a real OpenSSH sshd per node
 * address, as the operator user with sudo, with the node's own systemctl/k3s on PATH and the
 * real kubectl. Every test polls, none sleeps; every node process is gone afterwards.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { serviceReadScript } from '../../src/steps/service/service-script.js';
import { type SimulatedFleet, startSimulatedFleet } from '../harness/simulated-cluster.js';
import { getOnce, processesUsing, until } from './runtime-helpers.js';

const valid = { leafDaysLeft: 300, servingDaysLeft: 300 };

/** Stops the fleet and checks that no node process is left behind. */
async function stopAndCheck(fleet: SimulatedFleet | undefined): Promise<void> {
  if (!fleet) return;
  const root = fleet.cluster.root;
  await fleet.stop();
  assert.deepEqual(processesUsing(root), [], 'no node process left');
  assert.equal(existsSync(root), false);
}

describe('a v1.18 cluster of two servers and an agent', () => {
  let fleet: SimulatedFleet;
  before(async () => {
    fleet = await startSimulatedFleet({ servers: 2, agents: 1, state: valid });
  });
  after(() => stopAndCheck(fleet));

  const pidOf = (node: string): number => Number(readFileSync(fleet.cluster.paths(node).pidFile, 'utf8'));

  test("the session PATH (also under sudo) starts with the node's own commands", async () => {
    const r = await fleet.ssh('server-2', 'command -v systemctl; sudo sh -c "command -v k3s"');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      `${fleet.cluster.binDir('server-2')}/systemctl`,
      `${fleet.cluster.binDir('server-2')}/k3s`,
    ]);
  });

  test('systemctl restart k3s replaces the process and returns once /ping answers', async () => {
    const server = fleet.cluster.servers[0]!;
    const before = pidOf(server.name);
    const r = await fleet.ssh(server.name, 'sudo systemctl restart k3s');
    assert.equal(r.code, 0, r.stderr);
    const ping = await getOnce(server.address, server.port, '/ping');
    assert.deepEqual(ping, { status: 200, body: 'pong' });
    assert.notEqual(pidOf(server.name), before);
    const active = await fleet.ssh(server.name, 'systemctl is-active k3s');
    assert.equal(active.stdout, 'active\n');
  });

  test('k3s kubectl get nodes shows every node Ready', async () => {
    const r = await fleet.ssh('server-1', 'sudo k3s kubectl get nodes');
    assert.equal(r.code, 0, r.stderr);
    for (const n of fleet.cluster.nodes) assert.match(r.stdout, new RegExp(`^${n.name}\\s+Ready\\s`, 'm'));
  });

  test("certbook's service step sees a running, enabled systemd unit; the agent has k3s-agent only", async () => {
    const server = await fleet.ssh('server-1', serviceReadScript('k3s', 'auto'));
    assert.deepEqual(server.stdout.trim().split('\n'), ['M systemd', 'X 1', 'A 0', 'E 1']);
    const agent = await fleet.ssh(
      'agent-1',
      `${serviceReadScript('k3s', 'auto')}; systemctl is-active k3s-agent; systemctl show -p LoadState -- k3s`,
    );
    assert.deepEqual(agent.stdout.trim().split('\n'), ['M systemd', 'X 0', 'active', 'LoadState=not-found']);
    const other = await fleet.ssh(
      'server-1',
      'service k3s status >/dev/null; echo $?; rc-service --exists k3s; echo $?; rc-service --exists k3s-agent; echo $?; service nginx status; echo $?',
    );
    assert.deepEqual(other.stdout.trim().split('\n'), ['0', '0', '1', '1']);
    assert.match(other.stderr, /nginx: unrecognized service/);
  });

  test('without sudo, systemctl restart is refused as systemd refuses it', async () => {
    const r = await fleet.ssh('server-1', 'systemctl restart k3s');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Interactive authentication required/);
  });

  test("deleting k3s-serving through one server is seen by the other server's watch", async () => {
    const before = fleet.cluster.servingSecret();
    assert.ok(before);
    const r = await fleet.ssh('server-1', 'sudo k3s kubectl delete secret -n kube-system k3s-serving');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /secret "k3s-serving" deleted/);
    const log = fleet.cluster.paths('server-2').logFile;
    await until('server-2 to see the deletion', () => readFileSync(log, 'utf8').includes('Secret kube-system/k3s-serving deleted'));
    // v1.18: a restarted server re-creates the Secret from its dynamic-cert.json: a new object.
    const restart = await fleet.ssh('server-2', 'sudo systemctl restart k3s');
    assert.equal(restart.code, 0, restart.stderr);
    assert.ok(fleet.cluster.servingSecret());
    assert.notEqual(fleet.cluster.servingSecret()!.uid, before.uid);
  });

  test('fail-next-start: the restart fails like systemd, the unit is not active, the next start works', async () => {
    const server = fleet.cluster.servers[1]!;
    const paths = fleet.cluster.paths(server);
    const r = await fleet.ssh(server.name, `sudo touch ${paths.failNextStartFile} && sudo systemctl restart k3s`);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Job for k3s\.service failed because the control process exited with error code\.$/m);
    const state = await fleet.ssh(server.name, 'systemctl is-active k3s; echo "rc=$?"; systemctl is-active --quiet k3s; echo "quiet=$?"');
    assert.deepEqual(state.stdout.trim().split('\n'), ['failed', 'rc=3', 'quiet=3']);
    assert.equal((await getOnce(server.address, server.port, '/ping')).error, 'ECONNREFUSED');
    assert.match(readFileSync(paths.logFile, 'utf8'), /level=fatal msg="injected fault: fail-next-start"/);
    assert.equal(existsSync(paths.failNextStartFile), false, 'the flag is consumed');
    const again = await fleet.ssh(server.name, 'sudo systemctl start k3s && systemctl is-active k3s');
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, 'active\n');
  });

  test('fail-start fails every start while present', async () => {
    const paths = fleet.cluster.paths('agent-1');
    const r = await fleet.ssh(
      'agent-1',
      `sudo touch ${paths.failStartFile}; sudo systemctl restart k3s-agent; echo "a=$?"; sudo systemctl start k3s-agent; echo "b=$?"; sudo rm ${paths.failStartFile}; sudo systemctl start k3s-agent; echo "c=$?"`,
    );
    assert.deepEqual(r.stdout.trim().split('\n'), ['a=1', 'b=1', 'c=0']);
  });

  test('k3s --version prints like k3s; k3s certificate does not exist on v1.18', async () => {
    const r = await fleet.ssh('server-1', 'k3s --version; sudo k3s certificate rotate; echo "rc=$?"');
    assert.match(r.stdout, /^k3s version v1\.18\.6\+k3s1 \([0-9a-f]{8}\)\nrc=3\n$/);
    assert.match(r.stderr, /No help topic for 'certificate'/);
  });
});

describe('a v1.18 server whose served certificate expired', () => {
  let fleet: SimulatedFleet;
  before(async () => {
    fleet = await startSimulatedFleet({ servers: 1, state: { leafDaysLeft: 300, servingDaysLeft: -10 } });
  });
  after(() => stopAndCheck(fleet));

  test('kubectl fails with the x509 expiry error and works with --insecure-skip-tls-verify', async () => {
    const r = await fleet.ssh('server-1', 'sudo k3s kubectl get secret -n kube-system k3s-serving');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /x509: certificate has expired or is not yet valid/);
    const insecure = await fleet.ssh(
      'server-1',
      'sudo k3s kubectl --insecure-skip-tls-verify get secret -n kube-system k3s-serving -o name',
    );
    assert.equal(insecure.code, 0, insecure.stderr);
    assert.equal(insecure.stdout, 'secret/k3s-serving\n');
  });
});

describe('a node on a release with k3s certificate', () => {
  let fleet: SimulatedFleet;
  before(async () => {
    fleet = await startSimulatedFleet({ servers: 1, version: 'v1.28.9+k3s1', state: valid });
  });
  after(() => stopAndCheck(fleet));

  test('stop, k3s certificate rotate, start: the leaves are new, the old ones backed up', async () => {
    const admin = `${fleet.cluster.servers[0]!.dataDir}/server/tls/client-admin.crt`;
    const before = readFileSync(admin, 'utf8');
    const r = await fleet.ssh('server-1', 'sudo systemctl stop k3s && sudo k3s certificate rotate; echo "rc=$?"');
    assert.match(r.stdout, /rc=0\n$/, r.stderr);
    const backup = /Successfully backed up certificates to (\S+), please restart k3s server or agent to rotate certificates/.exec(
      r.stderr,
    )?.[1];
    assert.ok(backup, r.stderr);
    assert.equal(readFileSync(`${backup}/client-admin.crt`, 'utf8'), before);
    assert.equal(existsSync(admin), false);
    const start = await fleet.ssh('server-1', 'sudo systemctl start k3s && sudo k3s certificate check --output json');
    assert.equal(start.code, 0, start.stderr);
    assert.notEqual(readFileSync(admin, 'utf8'), before);
    assert.match(start.stdout, /client-admin\.crt/);
  });
});

describe('a fleet larger than one sshd can listen for (16 addresses)', () => {
  let fleet: SimulatedFleet;
  before(async () => {
    fleet = await startSimulatedFleet({ servers: 1, agents: 17, nodesPerProcess: 18, state: valid });
  });
  after(() => stopAndCheck(fleet));

  test('every node is reached on its own address with its own commands', async () => {
    const ports = new Set(fleet.cluster.nodes.map((n) => fleet.endpoint(n).port));
    assert.equal(ports.size, 2);
    for (const name of ['server-1', 'agent-15', 'agent-16', 'agent-17']) {
      const r = await fleet.ssh(name, 'command -v systemctl; systemctl is-active k3s k3s-agent');
      assert.equal(r.stdout.split('\n')[0], `${fleet.cluster.binDir(name)}/systemctl`, name);
      assert.equal(r.stdout.split('\n').includes('active'), true, name);
    }
    assert.match(fleet.inventory, /^ {6}hosts:\n {8}agent-1:\n {10}ansible_host: "127\./m);
  });
});
