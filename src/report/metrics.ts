/**
 * `--metrics FILE`: the run as a Prometheus text file for node_exporter's textfile collector.
 * Run-level gauges always; certificate gauges for every row of the `certificates` records table
 * (what `check-expiry` publishes), labelled by host, cluster (when the row has one), source, path and subject.
 */
import type { HostStats } from '../events/run-events.js';

/** What the metrics are made from: the summary of a finished run. */
export interface MetricsInput {
  exitCode: number;
  finishedAt: Date;
  durationMs: number;
  stats: Record<string, HostStats>;
  records: Record<string, Record<string, unknown>[]>;
}

/** The Prometheus text exposition of a run (format 0.0.4), ending with a newline. */
export function formatMetrics(input: MetricsInput): string {
  const lines: string[] = [];
  const gauge = (name: string, help: string, samples: Array<[Record<string, string>, number]>) => {
    if (!samples.length) return;
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [labels, value] of samples) lines.push(`${name}${labelText(labels)} ${formatNumber(value)}`);
  };
  gauge('certbook_run_timestamp_seconds', 'When the certbook run finished (Unix time).', [[{}, Math.floor(input.finishedAt.getTime() / 1000)]]);
  gauge('certbook_run_duration_seconds', 'How long the certbook run took.', [[{}, input.durationMs / 1000]]);
  gauge('certbook_run_exit_code', 'The exit code of the certbook run (0 ok, 2 failed, 3 unreachable, 99 interrupted).', [[{}, input.exitCode]]);
  const hostSamples = Object.entries(input.stats).flatMap(([host, s]) =>
    (Object.keys(s) as Array<keyof HostStats>).map((counter): [Record<string, string>, number] => [{ host, counter }, s[counter]]));
  gauge('certbook_host_tasks', 'Tasks per host by recap counter (ok, changed, unreachable, failed, skipped, rescued, ignored).', hostSamples);
  const certificates = (input.records.certificates ?? []).filter((row) => typeof row.not_after === 'string');
  const labelsOf = (row: Record<string, unknown>) => ({
    host: String(row.host ?? ''), ...(row.cluster !== undefined ? { cluster: String(row.cluster) } : {}), source: String(row.source ?? ''), path: String(row.path ?? ''), subject: String(row.subject ?? ''),
  });
  gauge('certbook_certificate_expiry_timestamp_seconds', 'When the certificate expires (Unix time).',
    certificates.map((row) => [labelsOf(row), Math.floor(Date.parse(String(row.not_after)) / 1000)]));
  gauge('certbook_certificate_days_left', 'Whole days until the certificate expires (negative once expired), when the run judged it.',
    certificates.filter((row) => typeof row.days_left === 'number').map((row) => [labelsOf(row), row.days_left as number]));
  return `${lines.join('\n')}\n`;
}

function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  if (!entries.length) return '';
  // The exposition format escapes backslash, double quote and newline in label values.
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}
