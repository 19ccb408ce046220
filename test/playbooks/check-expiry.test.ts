/**
 * check-expiry against a simulated v1.18 fleet over real sshd: every certificate becomes one
 * row with exactly the documented fields, the rows agree with openssl (files with
 * `openssl x509 -enddate`, the served row with `openssl s_client`), the stale serving
 * certificate is named, exit codes tell "attention" from "fine", and nothing changes.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { closedPort } from '../harness/closed-port.js';
import { promtool } from '../harness/promtool.js';
import { type SimulatedFleet, startSimulatedFleet } from '../harness/simulated-cluster.js';
import { tempDir } from '../harness/temp-dir.js';
import { certificateRows, opensslEndDate, opensslServedEndDate, resultsOf, runPlaybook, totalChanged } from './playbook-run.js';

const FIELDS = ['cluster', 'days_left', 'host', 'is_ca', 'issuer', 'not_after', 'not_before', 'path', 'source', 'status', 'subject'];
let fleet: SimulatedFleet;

before(async () => {
  // Files fresh, the served certificate expired: the trap of old k3s after a restart.
  fleet = await startSimulatedFleet({ servers: 2, agents: 1, version: 'v1.18.6+k3s1', state: { leafDaysLeft: 300, servingDaysLeft: -10 } });
});
after(async () => {
  await fleet?.stop();
});

test('every row has exactly the documented fields, and the file rows agree with openssl x509 -enddate', async () => {
  const run = await runPlaybook('check-expiry', fleet.inventoryFile);
  const rows = certificateRows(run.report);
  for (const row of rows) assert.deepEqual(Object.keys(row).sort(), FIELDS);
  const files = rows.filter((r) => r.source === 'file');
  assert.ok(files.length >= 3 * 4, `expected many certificate files, got ${files.length}`);
  for (const row of files) assert.equal(row.not_after, opensslEndDate(String(row.path)), String(row.path));
  for (const row of rows) {
    const days = Math.floor((Date.parse(String(row.not_after)) - Date.now()) / 86_400_000);
    assert.ok(Math.abs(Number(row.days_left) - days) <= 1, `${String(row.path)}: days_left ${String(row.days_left)} vs ${days}`);
  }
  assert.ok(
    files.every((r) => r.status === 'OK'),
    'the files are fresh',
  );
  assert.equal(totalChanged(run.report), 0);
  // The cluster is named after the server CA's SHA-256 fingerprint, as openssl prints it.
  const ca = join(fleet.cluster.paths('server-1').dataDir, 'server', 'tls', 'server-ca.crt');
  const fingerprint = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', ca], { encoding: 'utf8' })
    .split('=')[1]!
    .replace(/[:\s]/g, '')
    .toLowerCase();
  assert.deepEqual([...new Set(rows.map((r) => r.cluster))], [`ca-${fingerprint.slice(0, 12)}`]);
  const clusters = run.report.records.clusters!.rows.map((r) => r.values);
  assert.deepEqual(
    clusters.map((c) => [c.cluster, c.servers, c.agents, c.run]),
    [[`ca-${fingerprint.slice(0, 12)}`, 2, 1, 'force-reissue-serving']],
  );
  assert.ok(Number(clusters[0]!.soonest_days_left) < 0, 'the expired served certificate is the soonest');
});

test('the served row of each server agrees with openssl s_client, the Secret is read once, and the trap is named', async () => {
  const run = await runPlaybook('check-expiry', fleet.inventoryFile);
  const rows = certificateRows(run.report);
  for (const server of fleet.cluster.servers) {
    const served = rows.filter((r) => r.source === 'served' && r.host === server.name);
    assert.equal(served.length, 1);
    assert.equal(served[0]!.path, `${server.address}:${server.port}`);
    assert.equal(served[0]!.not_after, opensslServedEndDate(server.address, server.port));
    assert.equal(served[0]!.status, 'EXPIRED');
    assert.equal(rows.filter((r) => r.source === 'dynamic-cert' && r.host === server.name).length, 1);
  }
  const secret = rows.filter((r) => r.source === 'secret');
  assert.equal(secret.length, 1);
  assert.equal(secret[0]!.path, 'kube-system/k3s-serving');
  assert.equal(rows.filter((r) => r.host === 'agent-1' && r.source !== 'file').length, 0);
  assert.equal(run.code, 2);
  const verdicts = resultsOf(run.report, 'Certificates need no attention');
  for (const server of fleet.cluster.servers) {
    const v = verdicts.find((r) => r.host === server.name)!;
    assert.equal(v.status, 'failed');
    assert.match(String(v.result.msg), /stale serving certificate: run force-reissue-serving/);
  }
  assert.equal(verdicts.find((r) => r.host === 'agent-1')!.status, 'ok');
});

test('-e at judges as of a later date and -e warn_days sets the window', async () => {
  const later = await runPlaybook('check-expiry', fleet.inventoryFile, ['-e', 'at=2099-01-01']);
  const files = certificateRows(later.report).filter((r) => r.source === 'file');
  assert.ok(files.filter((r) => r.is_ca === false).every((r) => r.status === 'EXPIRED' && Number(r.days_left) < -1000));
  const wide = await runPlaybook('check-expiry', fleet.inventoryFile, ['-e', 'warn_days=400']);
  const leaves = certificateRows(wide.report).filter((r) => r.source === 'file' && r.is_ca === false);
  assert.ok(leaves.length > 0 && leaves.every((r) => r.status === 'WARNING'));
  const verdict = resultsOf(wide.report, 'Certificates need no attention').find((r) => r.host === 'agent-1')!;
  assert.match(String(verdict.result.msg), /inside the 400-day window.*run rotate/);
});

test("--check reads the same and changes nothing; --metrics passes promtool, with a gauge per row under both names and the trap as the cluster's action", async () => {
  const metrics = join(tempDir('certbook-check-expiry-'), 'k3s.prom');
  const run = await runPlaybook('check-expiry', fleet.inventoryFile, ['--check', '--metrics', metrics]);
  assert.equal(run.code, 2);
  assert.equal(totalChanged(run.report), 0);
  const rows = certificateRows(run.report);
  assert.ok(rows.some((r) => r.source === 'served'));
  const text = readFileSync(metrics, 'utf8');
  assert.deepEqual(promtool(['check', 'metrics'], text), { code: 0, output: '' });
  const lines = (name: string) => text.split('\n').filter((l) => l.startsWith(`${name}{`));
  const gauges = lines('certbook_certificate_expiry_timestamp_seconds');
  assert.equal(gauges.length, rows.length);
  assert.ok(gauges.some((l) => l.includes('source="served"')));
  assert.equal(lines('x509_cert_not_after').length, rows.length);
  const files = rows.filter((r) => r.source === 'file').length;
  assert.equal(lines('x509_cert_not_after').filter((l) => /[{,]filepath="\/[^"]+\.crt"/.test(l)).length, files);
  assert.equal(lines('x509_cert_not_after').filter((l) => l.includes('secret_name="k3s-serving"')).length, 1);
  assert.equal(lines('x509_cert_expired').filter((l) => l.endsWith(' 1')).length, rows.filter((r) => r.status === 'EXPIRED').length);
  const cluster = String(rows[0]!.cluster);
  assert.deepEqual(
    lines('certbook_cluster_action').filter((l) => l.endsWith(' 1')),
    [`certbook_cluster_action{cluster="${cluster}",action="force-reissue-serving"} 1`],
  );
  assert.match(text, /^certbook_run_exit_code\{playbook="check-expiry"\} 2$/m);
});

test('clock skew between a host and the controller is reported (a host whose date runs 1000 s ahead)', async () => {
  const fake = join(fleet.cluster.binDir('agent-1'), 'date');
  // The node's own commands come first on its PATH: a `date` that runs ahead, no clock touched.
  writeFileSync(fake, '#!/bin/sh\necho $(( $(/bin/date -u +%s) + 1000 ))\n', { mode: 0o755 });
  try {
    const run = await runPlaybook('check-expiry', fleet.inventoryFile);
    const verdict = resultsOf(run.report, 'Certificates need no attention').find((r) => r.host === 'agent-1')!;
    assert.equal(verdict.status, 'failed');
    assert.match(String(verdict.result.msg), /clock skew of (99\d|100\d) s between this host and the controller/);
  } finally {
    rmSync(fake, { force: true });
  }
});

test('a node whose k3s cannot say its version is still checked, with the 90-day window and the reason named', async () => {
  const k3s = join(fleet.cluster.binDir('agent-1'), 'k3s');
  const original = readFileSync(k3s);
  const versionOf = async () => {
    const run = await runPlaybook('check-expiry', fleet.inventoryFile);
    assert.equal(certificateRows(run.report).filter((r) => r.host === 'agent-1').length > 0, true, 'its certificates are read');
    return String(resultsOf(run.report, 'Certificates need no attention').find((r) => r.host === 'agent-1')!.result.msg);
  };
  try {
    // The probe runs `--version` and reads the clock in one command: a failing binary says why.
    writeFileSync(k3s, '#!/bin/sh\necho "k3s: cannot open /var/lib/rancher/k3s/data: permission denied" >&2\nexit 4\n', { mode: 0o755 });
    assert.match(
      await versionOf(),
      /`k3s --version` failed \(exit 4: k3s: cannot open \/var\/lib\/rancher\/k3s\/data: permission denied\)/,
    );
    rmSync(k3s);
    assert.match(
      await versionOf(),
      /`k3s --version` failed \(k3s is not on the PATH, nor in \/usr\/local\/bin, \/usr\/bin or \/opt\/k3s\/bin\)/,
    );
  } finally {
    writeFileSync(k3s, original, { mode: 0o755 });
  }
  assert.doesNotMatch(await versionOf(), /--version` failed/);
});

test('exit codes alone tell a scheduler: 0 all fine, 3 could not check (2, attention, is above)', async () => {
  const fresh = await startSimulatedFleet({
    servers: 1,
    agents: 0,
    version: 'v1.18.6+k3s1',
    state: { leafDaysLeft: 300, servingDaysLeft: 300 },
  });
  try {
    const fine = await runPlaybook('check-expiry', fresh.inventoryFile);
    assert.equal(fine.code, 0, fine.stdout);
    // The same fleet plus an agent nothing answers for.
    const port = await closedPort();
    const withGhost = join(tempDir('certbook-check-expiry-'), 'inventory.yaml');
    writeFileSync(
      withGhost,
      fresh.inventory.replace(
        '    agent:\n      hosts: {}\n',
        `    agent:\n      hosts:\n        ghost: {ansible_host: 127.0.0.1, ansible_port: ${port}}\n`,
      ),
    );
    const ghost = await runPlaybook('check-expiry', withGhost);
    assert.equal(ghost.code, 3, ghost.stdout);
    assert.equal(ghost.report.stats.ghost!.unreachable, 1);
  } finally {
    await fresh.stop();
  }
});
