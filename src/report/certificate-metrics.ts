/**
 * certbook's own certificate and cluster families of `--metrics`: one set of series per row of
 * the `certificates` records table, labelled by host, cluster, source, path and subject, and
 * one per cluster of the `clusters` table saying what to run. Everything in base units
 * (seconds), so `promtool check metrics` has nothing to say.
 */
import { type Labels, type MetricFamily, type Sample, unixSeconds } from './prometheus-text.js';

/** A row of a records table, as the runner collected it. */
export type RecordRow = Record<string, unknown>;

/** What check-expiry's `clusters` table says to run; each is a series, 1 for the cluster's verdict. */
export const CLUSTER_ACTIONS = ['nothing', 'rotate', 'force-reissue-serving', 'attention'] as const;

/** The labels that name a certificate row in certbook's own families. */
export function certificateLabels(row: RecordRow): Labels {
  return {
    host: cellText(row.host),
    cluster: cellText(row.cluster),
    source: cellText(row.source),
    path: cellText(row.path),
    subject: cellText(row.subject),
  };
}

/**
 * certbook's per-certificate families. `finishedAt` is the moment the relative value is measured
 * from (the end of the run); alerts should prefer `expiry_timestamp_seconds - time()`, which stays
 * right between runs.
 */
export function certificateFamilies(rows: readonly RecordRow[], finishedAt: Date): MetricFamily[] {
  const now = Math.floor(finishedAt.getTime() / 1000);
  const dated = rows.flatMap((row): Array<[RecordRow, number]> => {
    const notAfter = unixSeconds(row.not_after);
    return notAfter === undefined ? [] : [[row, notAfter]];
  });
  return [
    {
      name: 'certbook_certificate_expiry_timestamp_seconds',
      type: 'gauge',
      help: 'When the certificate expires (its not-after, Unix time).',
      samples: dated.map(([row, notAfter]) => [certificateLabels(row), notAfter]),
    },
    {
      name: 'certbook_certificate_expires_in_seconds',
      type: 'gauge',
      help: 'Seconds from the end of the run until the certificate expires (negative once expired); replaces certbook_certificate_days_left.',
      samples: dated.map(([row, notAfter]) => [certificateLabels(row), notAfter - now]),
    },
    {
      name: 'certbook_certificate_status',
      type: 'gauge',
      help: 'Always 1: the status the run gave the certificate (OK, WARNING inside the renewal window, EXPIRED, NOT YET VALID, UNREADABLE).',
      // Every row, the unreadable ones too: they have no dates, but they are a finding.
      samples: rows
        .filter((row) => cellText(row.status) !== '')
        .map((row): Sample => [{ ...certificateLabels(row), status: cellText(row.status) }, 1]),
    },
  ];
}

/** One series per cluster and action: 1 for what the run says to run on the cluster, 0 for the others. */
export function clusterFamilies(rows: readonly RecordRow[]): MetricFamily[] {
  const samples = rows
    .filter((row) => cellText(row.cluster) !== '')
    .flatMap((row) => {
      const chosen = cellText(row.run);
      // A verdict this code does not know yet still gets its series rather than vanishing.
      const actions =
        (CLUSTER_ACTIONS as readonly string[]).includes(chosen) || chosen === '' ? CLUSTER_ACTIONS : [...CLUSTER_ACTIONS, chosen];
      return actions.map((action): Sample => [{ cluster: cellText(row.cluster), action }, action === chosen ? 1 : 0]);
    });
  return [
    {
      name: 'certbook_cluster_action',
      type: 'gauge',
      help: 'What check-expiry says to run on the cluster: 1 for its verdict (nothing, rotate, force-reissue-serving for the stale serving certificate, attention), 0 for the others.',
      samples,
    },
  ];
}

/** A cell of a records row as label text ('' when absent). */
export function cellText(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}
