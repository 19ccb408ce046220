/**
 * force-reissue-serving on inventories holding several k3s clusters (issue #12), over real sshd
 * with the real kubectl: each cluster with a stale serving certificate gets a new one, once,
 * from one of its own servers, and nothing else is touched: every other cluster's files
 * (dynamic-cert.json included), Secret and k3s processes are compared before and after, and a
 * second run changes nothing. Another run's lock on a cluster that needs nothing does not stop
 * the others.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type FleetMember, type SimulatedFleets, startSimulatedFleets } from '../harness/simulated-fleets.js';
import { runOn, tail } from './multi-cluster-run.js';
import { opensslServedEndDate, resultsOf, totalChanged } from './playbook-run.js';

const OLD = 'v1.18.6+k3s1';
const DELETE_SECRET = /^Delete the k3s-serving Secret/;
const YEAR_AHEAD = 300 * 86_400_000;

let fleets: SimulatedFleets;

before(async () => {
  fleets = await startSimulatedFleets([
    // Files fresh, the served certificate and the Secret expired: kubectl fails with the x509 error.
    { name: 'f1', servers: 2, agents: 1, version: OLD, state: { leafDaysLeft: 300, servingDaysLeft: -10 } },
    // Everything fresh: nothing to do here.
    { name: 'f2', servers: 1, agents: 1, version: OLD, state: { leafDaysLeft: 300, servingDaysLeft: 300 } },
    // Files fresh, the served certificate 30 days from expiry: inside the window, not expired.
    { name: 'f3', servers: 1, agents: 1, version: OLD, state: { leafDaysLeft: 300, servingDaysLeft: 30 } },
  ]);
});
after(async () => {
  await fleets?.stop();
});

/** The certificate of a cluster's Secret. */
function secretCert(m: FleetMember): X509Certificate {
  const secret = m.cluster.servingSecret();
  assert.ok(secret?.data['tls.crt'], `${m.spec.name} has its Secret`);
  return new X509Certificate(Buffer.from(secret.data['tls.crt'], 'base64'));
}

/** The cluster's server CA (server-1's copy). */
function serverCa(m: FleetMember): X509Certificate {
  return new X509Certificate(readFileSync(join(m.cluster.paths('server-1').dataDir, 'server', 'tls', 'server-ca.crt')));
}

test('three clusters in one merged file, two with a stale serving certificate: each re-issued once from its own server, the fresh cluster untouched', async () => {
  const f1 = fleets.member('f1');
  const f2 = fleets.member('f2');
  const f3 = fleets.member('f3');
  const broken = await f1.fleet.ssh('server-1', 'sudo k3s kubectl get nodes');
  assert.match(broken.stderr, /x509: certificate has expired or is not yet valid/, 'precondition: f1 is in the trap');
  const before = { f1: fleets.snapshot('f1'), f2: fleets.snapshot('f2'), f3: fleets.snapshot('f3') };

  // f2 first: its server is the first of the merged server group.
  const run = await runOn('force-reissue-serving', fleets.inventory('merged', { clusters: ['f2', 'f1', 'f3'] }));
  assert.equal(run.code, 0, tail(run));

  // Once per cluster that needs it, from one of its own servers; never for f2.
  const deleted = resultsOf(run.report, DELETE_SECRET).filter((r) => r.status !== 'skipped');
  for (const m of [f1, f3]) {
    const own = deleted.filter((r) => fleets.owner(r.host).member === m);
    assert.deepEqual(
      own.map((r) => r.status),
      ['changed'],
      `${m.spec.name}'s Secret deleted once: ${JSON.stringify(deleted.map((r) => [r.host, r.status]))}`,
    );
  }
  assert.deepEqual(
    deleted.filter((r) => fleets.owner(r.host).member === f2),
    [],
    "f2's Secret never deleted",
  );
  // Skipping verification only where the served certificate is expired (f1), not where it is inside the window (f3).
  assert.equal(deleted.find((r) => fleets.owner(r.host).member === f1)!.result.insecure_retry, true);
  assert.notEqual(deleted.find((r) => fleets.owner(r.host).member === f3)!.result.insecure_retry, true);

  // f1 and f3: every server serves a fresh certificate of its own cluster, kubectl verifies again,
  // and every server was restarted; their agents were not touched.
  for (const m of [f1, f3]) {
    const ca = serverCa(m);
    assert.ok(secretCert(m).checkIssued(ca), `${m.spec.name}'s new Secret is signed by its own CA`);
    assert.notEqual(m.cluster.servingSecret()!.uid, before[m.spec.name as 'f1' | 'f3'].secret!.uid, `${m.spec.name}'s Secret re-created`);
    for (const s of m.cluster.servers) {
      assert.ok(Date.parse(opensslServedEndDate(s.address, s.port)) > Date.now() + YEAR_AHEAD, `${m.host(s)} serves a fresh certificate`);
      const kubectl = await m.fleet.ssh(s, 'sudo k3s kubectl get nodes');
      assert.equal(kubectl.code, 0, `${m.host(s)}: ${kubectl.stderr}`);
      assert.notEqual(
        fleets.snapshot(m.spec.name).nodes[s.name]!.pid,
        before[m.spec.name as 'f1' | 'f3'].nodes[s.name]!.pid,
        `${m.host(s)} restarted`,
      );
    }
    for (const a of m.cluster.agents) {
      assert.deepEqual(
        fleets.snapshot(m.spec.name).nodes[a.name],
        before[m.spec.name as 'f1' | 'f3'].nodes[a.name],
        `${m.host(a)} untouched`,
      );
    }
  }
  // f2: the same files (dynamic-cert.json included), the same Secret, the same k3s processes.
  assert.deepEqual(fleets.snapshot('f2'), before.f2, 'f2 untouched');
  for (const h of f2.hosts()) assert.equal(run.report.stats[h]?.changed ?? 0, 0, `${h} changed nothing`);
  assert.ok(Date.parse(opensslServedEndDate(f2.cluster.servers[0]!.address, 6443)) > Date.now() + 200 * 86_400_000);
});

test('a second run changes nothing anywhere (changed=0), and leaves every cluster as it was', async () => {
  const before = Object.fromEntries(fleets.members.map((m) => [m.spec.name, fleets.snapshot(m.spec.name)]));
  const again = await runOn('force-reissue-serving', fleets.inventory('files'));
  assert.equal(again.code, 0, tail(again));
  assert.equal(totalChanged(again.report), 0, tail(again));
  assert.deepEqual(
    resultsOf(again.report, DELETE_SECRET).filter((r) => r.status !== 'skipped'),
    [],
  );
  for (const m of fleets.members) assert.deepEqual(fleets.snapshot(m.spec.name), before[m.spec.name], `${m.spec.name} untouched`);
});

test("two clusters as a directory: another run's lock on the fresh cluster does not stop the stale one (locks are per cluster)", async () => {
  const two = await startSimulatedFleets([
    { name: 'l1', servers: 1, version: OLD, state: { leafDaysLeft: 300, servingDaysLeft: 300 } },
    { name: 'l2', servers: 1, agents: 1, version: OLD, state: { leafDaysLeft: 300, servingDaysLeft: -10 } },
  ]);
  try {
    const l1 = two.member('l1');
    const lock = join(l1.cluster.paths('server-1').dataDir, 'certbook-rotate.lock');
    // Held by a live run: this test process stands in for its sshd session.
    const start = readFileSync(`/proc/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19];
    const owner = `token=other\nuser=someone\npid=${process.pid}\npid_start=${start}\nstarted=2026-11-28T00:00:00Z\nstarted_epoch=${Math.floor(Date.now() / 1000)}\n`;
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner'), owner);
    const before = two.snapshot('l1');
    try {
      const run = await runOn('force-reissue-serving', two.inventory('dir'));
      assert.equal(run.code, 0, tail(run));
      const deleted = resultsOf(run.report, DELETE_SECRET).filter((r) => r.status !== 'skipped');
      assert.deepEqual(
        deleted.map((r) => [r.host, r.status]),
        [[two.member('l2').host('server-1'), 'changed']],
      );
      const l2 = two.member('l2').cluster.servers[0]!;
      assert.ok(Date.parse(opensslServedEndDate(l2.address, l2.port)) > Date.now() + YEAR_AHEAD, 'l2 re-issued');
      assert.deepEqual(two.snapshot('l1'), before, 'l1 untouched');
      assert.equal(readFileSync(join(lock, 'owner'), 'utf8'), owner, "the other run's lock left alone");
      assert.equal(
        existsSync(join(two.member('l2').cluster.paths('server-1').dataDir, 'certbook-rotate.lock')),
        false,
        "l2's lock released",
      );
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  } finally {
    await two.stop();
  }
});
