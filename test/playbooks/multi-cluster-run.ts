/**
 * Running the k3s playbooks on an inventory of several clusters (any number of `-i`), and
 * reading per-cluster results back from the report.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../cli/run-cli.js';
import type { FleetMember, SimulatedFleets } from '../harness/simulated-fleets.js';
import { tempDir } from '../harness/temp-dir.js';
import { type PlaybookRun, type Report, type ReportResult, resultsOf } from './playbook-run.js';

/** `certbook run NAME <inventory args> --report FILE ...args`, in-process; also the wall time. */
export async function runOn(
  name: string,
  inventory: readonly string[],
  args: readonly string[] = [],
): Promise<PlaybookRun & { ms: number }> {
  const reportFile = join(tempDir('certbook-multi-cluster-run-'), 'report.json');
  const started = performance.now();
  const r = await runCli(['run', name, ...inventory, '--report', reportFile, ...args], { env: { CI: 'true' } });
  const ms = performance.now() - started;
  let report: Report;
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  } catch {
    throw new Error(`no report from ${name} (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  return { ...r, report, ms };
}

/** The rows of a record table, values only (empty when the table is missing). */
export function tableRows(report: Report, table: string): Array<Record<string, unknown>> {
  return (report.records[table]?.rows ?? []).map((r) => r.values);
}

/** The `records.clusters` row of `cluster`, asserting there is exactly one. */
export function clusterRow(report: Report, cluster: string): Record<string, unknown> {
  const rows = tableRows(report, 'clusters').filter((r) => r.cluster === cluster);
  assert.equal(rows.length, 1, `one records.clusters row for ${cluster}, got ${JSON.stringify(tableRows(report, 'clusters'))}`);
  return rows[0]!;
}

/** Every result (any task) for `host` with status failed, in task order. */
export function failuresOf(report: Report, host: string): ReportResult[] {
  return resultsOf(report, /./).filter((r) => r.host === host && r.status === 'failed');
}

/** The tasks that (re)start k3s on the node rotate is rotating. */
export const RESTARTS = /^(Restart k3s \(|Start k3s on the new certificates)/;

/** The node names (`server-1`, …) of `m` on which a restart task changed something, in the order the tasks ran. */
export function restartedNodes(report: Report, m: FleetMember, style?: 'certbook' | 'k3s-ansible-sample'): string[] {
  const own = new Map(m.cluster.nodes.map((n) => [style === 'k3s-ansible-sample' ? n.address : m.host(n), n.name]));
  return resultsOf(report, RESTARTS)
    .filter((r) => r.status === 'changed' && own.has(r.host))
    .map((r) => own.get(r.host)!);
}

/** kubectl on every server of the cluster, as the operator runs it (verification on). */
export async function assertKubectlVerifies(m: FleetMember): Promise<void> {
  for (const s of m.cluster.servers) {
    const kubectl = await m.fleet.ssh(s, 'sudo k3s kubectl get nodes');
    assert.equal(kubectl.code, 0, `${m.host(s)}: ${kubectl.stderr}`);
    assert.match(kubectl.stdout, /Ready/);
  }
}

/** The hosts of `member` (in the harness's `certbook` naming) on which tasks matching `name` changed something. */
export function changedIn(report: Report, name: string | RegExp, member: FleetMember): string[] {
  const own = new Set(member.hosts());
  return resultsOf(report, name)
    .filter((r) => r.status === 'changed' && own.has(r.host))
    .map((r) => r.host);
}

/** Every host of the run's recap that belongs to `member` and ran (ok, changed or failed) at least one task. */
export function hostsThatRan(report: Report, member: FleetMember, style?: 'certbook' | 'k3s-ansible-sample'): string[] {
  return member.hosts(style).filter((h) => {
    const s = report.stats[h];
    return s !== undefined && s.ok + s.changed + s.failed > 0;
  });
}

/** A printable summary of a run for assertion messages (exit code and the tail of stdout). */
export function tail(run: { code: number; stdout: string; stderr: string }, lines = 60): string {
  return `exit ${run.code}\n${run.stdout.split('\n').slice(-lines).join('\n')}\n${run.stderr}`;
}

/** The cluster names of a fleet, by spec name. */
export function names(fleets: SimulatedFleets): Record<string, string> {
  return Object.fromEntries(fleets.members.map((m) => [m.spec.name, m.expectedName]));
}
