/**
 * `--metrics FILE`: the run as a Prometheus text file for node_exporter's textfile collector,
 * clean under `promtool check metrics`. Run-level gauges always (labelled by playbook, so each
 * scheduled playbook can write its own file into the collector's directory without clashing);
 * for every row of the `certificates` records table (what `check-expiry` publishes) certbook's
 * own certificate gauges and the same rows under x509-certificate-exporter's names; for every
 * row of the `clusters` table what to run on the cluster.
 */
import { posix } from 'node:path';
import type { HostStats } from '../events/run-events.js';
import { certificateFamilies, clusterFamilies } from './certificate-metrics.js';
import { formatFamilies, type MetricFamily, type Sample } from './prometheus-text.js';
import { x509ExporterFamilies } from './x509-exporter-metrics.js';

/** What the metrics are made from: the summary of a finished run. */
export interface MetricsInput {
  exitCode: number;
  finishedAt: Date;
  durationMs: number;
  stats: Record<string, HostStats>;
  records: Record<string, Record<string, unknown>[]>;
  /** The playbook's path; its name without `.yaml`/`.yml` becomes the `playbook` label. */
  playbook?: string;
}

/** The Prometheus text exposition of a run (format 0.0.4), ending with a newline. */
export function formatMetrics(input: MetricsInput): string {
  const certificates = input.records.certificates ?? [];
  return formatFamilies([
    ...runFamilies(input),
    ...certificateFamilies(certificates, input.finishedAt),
    ...clusterFamilies(input.records.clusters ?? []),
    ...(certificates.length ? x509ExporterFamilies(certificates, input.finishedAt) : []),
  ]);
}

/** The `playbook` label of a playbook path: `playbooks/check-expiry.yaml` → `check-expiry`. */
export function playbookLabel(path: string | undefined): string {
  return path === undefined ? '' : posix.basename(path.replace(/\\/g, '/')).replace(/\.ya?ml$/, '');
}

function runFamilies(input: MetricsInput): MetricFamily[] {
  const run = { playbook: playbookLabel(input.playbook) };
  const gauge = (name: string, help: string, samples: Sample[]): MetricFamily => ({ name, help, type: 'gauge', samples });
  const hostSamples = Object.entries(input.stats).flatMap(([host, s]) =>
    (Object.keys(s) as Array<keyof HostStats>).map((counter): Sample => [{ ...run, host, counter }, s[counter]]),
  );
  return [
    gauge('certbook_run_timestamp_seconds', 'When the certbook run finished (Unix time).', [
      [run, Math.floor(input.finishedAt.getTime() / 1000)],
    ]),
    gauge('certbook_run_duration_seconds', 'How long the certbook run took.', [[run, input.durationMs / 1000]]),
    gauge(
      'certbook_run_exit_code',
      'The exit code of the certbook run (0 ok, 1 error, 2 a host failed or, for check-expiry, attention needed, 3 unreachable, 99 interrupted).',
      [[run, input.exitCode]],
    ),
    gauge(
      'certbook_host_tasks',
      'Tasks per host by recap counter (ok, changed, unreachable, failed, skipped, rescued, ignored).',
      hostSamples,
    ),
  ];
}
