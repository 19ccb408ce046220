/**
 * Runs a built-in k3s playbook through the CLI entry (`main`), with `--report`, and reads
 * the JSON report back: what the scenario tests assert on.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../cli/run-cli.js';
import { tempDir } from '../harness/temp-dir.js';

/** One host's result of one task, as the report holds it. */
export interface ReportResult {
  host: string;
  status: string;
  result: Record<string, unknown>;
}

/** The parts of the JSON report the tests read. */
export interface Report {
  exitCode: number;
  stats: Record<string, { ok: number; changed: number; failed: number; unreachable: number; skipped: number; rescued: number }>;
  plays: Array<{ name: string; tasks: Array<{ name: string; startedAt: string; results: ReportResult[] }> }>;
  records: Record<string, { columns: string[]; rows: Array<{ host: string; values: Record<string, unknown> }> }>;
  /** `partition_by` partitions that stopped (for the k3s playbooks: clusters), with why. */
  partitionsStopped: Array<{ play: number; partition: string; hosts: string[]; reason: string }>;
}

/** What one run printed and reported. */
export interface PlaybookRun {
  code: number;
  stdout: string;
  stderr: string;
  report: Report;
}

/** `certbook run NAME -i INVENTORY --report FILE ...args`, in-process. */
export async function runPlaybook(name: string, inventory: string, args: readonly string[] = []): Promise<PlaybookRun> {
  const reportFile = join(tempDir('certbook-playbook-run-'), 'report.json');
  const r = await runCli(['run', name, '-i', inventory, '--report', reportFile, ...args], { env: { CI: 'true' } });
  let report: Report;
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  } catch {
    throw new Error(`no report from ${name} (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  return { ...r, report };
}

/** Every result of the tasks named `name`, in the order they ran. */
export function resultsOf(report: Report, name: string | RegExp): ReportResult[] {
  const tasks = report.plays.flatMap((p) => p.tasks).filter((t) => (typeof name === 'string' ? t.name === name : name.test(t.name)));
  return tasks.sort((a, b) => a.startedAt.localeCompare(b.startedAt)).flatMap((t) => t.results);
}

/** Hosts on which a task named `name` reported changed, in order. */
export function changedHosts(report: Report, name: string | RegExp): string[] {
  return resultsOf(report, name)
    .filter((r) => r.status === 'changed')
    .map((r) => r.host);
}

/** The sum of `changed` over every host of the recap. */
export function totalChanged(report: Report): number {
  return Object.values(report.stats).reduce((n, s) => n + s.changed, 0);
}

/** The rows of `records.certificates`, values only. */
export function certificateRows(report: Report): Array<Record<string, unknown>> {
  return (report.records.certificates?.rows ?? []).map((r) => r.values);
}

/** `openssl x509 -enddate` of a certificate file, as ISO 8601 UTC without milliseconds. */
export function opensslEndDate(file: string): string {
  const out = execFileSync('openssl', ['x509', '-noout', '-enddate', '-in', file], { encoding: 'utf8' });
  return isoOf(out.replace(/^notAfter=/, '').trim());
}

/** The notAfter of the certificate `openssl s_client` gets from address:port. */
export function opensslServedEndDate(address: string, port: number): string {
  const pem = execFileSync('openssl', ['s_client', '-connect', `${address}:${port}`, '-showcerts'], {
    input: '',
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const first = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!first) throw new Error(`openssl s_client got no certificate from ${address}:${port}`);
  const out = execFileSync('openssl', ['x509', '-noout', '-enddate'], { input: first, encoding: 'utf8' });
  return isoOf(out.replace(/^notAfter=/, '').trim());
}

function isoOf(opensslDate: string): string {
  return new Date(opensslDate).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
