/**
 * force-reissue-serving on old k3s: files fresh, the served certificate expired (kubectl fails
 * with the x509 error). One run re-issues it for the cluster, kubectl verifies the server again,
 * a second run does nothing, and `-e force=true` re-issues a fresh one anyway. A server another
 * run has locked refuses the whole run before anything is touched.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type SimulatedFleet, startSimulatedFleet } from '../harness/simulated-cluster.js';
import { certificateRows, opensslServedEndDate, resultsOf, runPlaybook, totalChanged } from './playbook-run.js';

let fleet: SimulatedFleet;
before(async () => {
  fleet = await startSimulatedFleet({ servers: 2, agents: 1, version: 'v1.18.6+k3s1', state: { leafDaysLeft: 300, servingDaysLeft: -10 } });
});
after(async () => {
  await fleet?.stop();
});

test('a stale serving certificate is re-issued once for the cluster; kubectl verifies again; then nothing to do', async () => {
  const broken = await fleet.ssh('server-1', 'sudo k3s kubectl get nodes');
  assert.notEqual(broken.code, 0);
  assert.match(broken.stderr, /x509: certificate has expired or is not yet valid/);

  const run = await runPlaybook('force-reissue-serving', fleet.inventoryFile);
  assert.equal(run.code, 0, run.stdout);
  const deleted = resultsOf(run.report, /^Delete the k3s-serving Secret/).filter((r) => r.status !== 'skipped');
  assert.deepEqual(
    deleted.map((r) => [r.host, r.status]),
    [['server-1', 'changed']],
  );
  assert.equal(deleted[0]!.result.insecure_retry, true);

  for (const server of fleet.cluster.servers) {
    const kubectl = await fleet.ssh(server, 'sudo k3s kubectl get nodes');
    assert.equal(kubectl.code, 0, kubectl.stderr);
    assert.ok(Date.parse(opensslServedEndDate(server.address, server.port)) > Date.now() + 300 * 86_400_000);
  }
  const check = await runPlaybook('check-expiry', fleet.inventoryFile);
  assert.equal(check.code, 0, check.stdout);
  assert.ok(certificateRows(check.report).every((r) => r.status === 'OK'));

  const again = await runPlaybook('force-reissue-serving', fleet.inventoryFile);
  assert.equal(again.code, 0);
  assert.equal(totalChanged(again.report), 0);
});

test('-e force=true re-issues a fresh certificate anyway, verifying with kubectl', async () => {
  const served = opensslServedEndDate(fleet.cluster.servers[0]!.address, fleet.cluster.servers[0]!.port);
  const run = await runPlaybook('force-reissue-serving', fleet.inventoryFile, ['-e', 'force=true']);
  assert.equal(run.code, 0, run.stdout);
  assert.ok(totalChanged(run.report) > 0);
  const deleted = resultsOf(run.report, /^Delete the k3s-serving Secret/).filter((r) => r.status !== 'skipped');
  assert.deepEqual(
    deleted.map((r) => [r.host, r.status, r.result.insecure_retry ?? false]),
    [['server-1', 'changed', false]],
  );
  assert.notEqual(opensslServedEndDate(fleet.cluster.servers[0]!.address, fleet.cluster.servers[0]!.port), served);
});

test('a server locked by a rotate run: the whole run refuses, nothing touched, its own locks released', async () => {
  const lockOf = (name: string): string => join(fleet.cluster.paths(name).dataDir, 'certbook-rotate.lock');
  const servingFile = (name: string): string => join(fleet.cluster.paths(name).dataDir, 'server', 'tls', 'dynamic-cert.json');
  // Held by a live run: this test process stands in for its sshd session.
  const start = readFileSync(`/proc/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19];
  const owner = `token=other\nuser=someone\npid=${process.pid}\npid_start=${start}\nstarted=2026-11-28T00:00:00Z\nstarted_epoch=${Math.floor(Date.now() / 1000)}\n`;
  mkdirSync(lockOf('server-2'));
  writeFileSync(join(lockOf('server-2'), 'owner'), owner);
  const before = fleet.cluster.servers.map((s) => readFileSync(servingFile(s.name), 'utf8'));
  try {
    const run = await runPlaybook('force-reissue-serving', fleet.inventoryFile, ['-e', 'force=true']);
    assert.equal(run.code, 2, run.stdout);
    assert.deepEqual(
      resultsOf(run.report, /^Delete the k3s-serving Secret/).filter((r) => r.status !== 'skipped'),
      [],
    );
    assert.deepEqual(
      fleet.cluster.servers.map((s) => readFileSync(servingFile(s.name), 'utf8')),
      before,
      'dynamic-cert.json untouched',
    );
    const stop = resultsOf(run.report, /^Stop \(another run holds/);
    assert.deepEqual(
      stop.map((r) => r.status),
      ['failed', 'failed'],
    );
    assert.match(String(stop[0]!.result.msg), /nothing was touched: server-2 is locked by another run/);
    assert.equal(existsSync(lockOf('server-1')), false, "server-1's lock released");
    assert.equal(readFileSync(join(lockOf('server-2'), 'owner'), 'utf8'), owner, "the other run's lock left alone");
  } finally {
    rmSync(lockOf('server-2'), { recursive: true, force: true });
  }
});
