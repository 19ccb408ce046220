/**
 * The certificates table under the metric and label names of enix/x509-certificate-exporter, so
 * that exporter's shipped alerts (`x509_cert_not_after - time() < N * 86400`, described by
 * `subject_CN`, `filepath` or `secret_namespace`/`secret_name`) and its Grafana dashboard
 * (counts by `filepath`/`secret_name`, `x509_read_errors`) work on certbook's rows unchanged.
 *
 * Names, types and labels follow the exporter's collector (v3, `internal/collector.go`) and its
 * v4 docs (`docs/metrics.md`): file certificates carry `filename` and `filepath`, Secret
 * certificates `secret_namespace`, `secret_name` and `secret_key`, every certificate `subject_CN`
 * and `issuer_CN`. certbook adds `host`, `cluster` and `source`, which the exporter does not use,
 * so two nodes' copies of one path stay two series. The exporter's other subject and issuer
 * fields and `serial_number` are left out: the rows do not carry them.
 */
import { posix } from 'node:path';
import { cellText, type RecordRow } from './certificate-metrics.js';
import { type Labels, type MetricFamily, type Sample, unixSeconds } from './prometheus-text.js';

/** The exporter-compatible families for the rows of the `certificates` table, measured at `finishedAt`. */
export function x509ExporterFamilies(rows: readonly RecordRow[], finishedAt: Date): MetricFamily[] {
  const now = Math.floor(finishedAt.getTime() / 1000);
  const certs = rows.flatMap((row): Array<[Labels, number, number | undefined]> => {
    const notAfter = unixSeconds(row.not_after);
    return notAfter === undefined ? [] : [[certificateLabels(row), notAfter, unixSeconds(row.not_before)]];
  });
  const gauge = (name: string, help: string, samples: Sample[]): MetricFamily => ({ name, help, type: 'gauge', samples });
  return [
    gauge(
      'x509_cert_not_after',
      "The certificate's not-after (Unix time); x509-certificate-exporter's name.",
      certs.map(([labels, notAfter]) => [labels, notAfter]),
    ),
    gauge(
      'x509_cert_not_before',
      "The certificate's not-before (Unix time); x509-certificate-exporter's name.",
      certs.flatMap(([labels, , notBefore]): Sample[] => (notBefore === undefined ? [] : [[labels, notBefore]])),
    ),
    gauge(
      'x509_cert_expired',
      "1 when the certificate had expired at the end of the run, else 0; x509-certificate-exporter's name.",
      certs.map(([labels, notAfter]) => [labels, now > notAfter ? 1 : 0]),
    ),
    gauge(
      'x509_cert_expires_in_seconds',
      "Seconds from the end of the run until the not-after (negative once expired); x509-certificate-exporter's name.",
      certs.map(([labels, notAfter]) => [labels, notAfter - now]),
    ),
    gauge(
      'x509_cert_error',
      "1 when the certificate file could not be read or parsed, else 0; x509-certificate-exporter's name.",
      rows.map((row) => [{ ...locationLabels(row), ...certbookLabels(row) }, unreadable(row) ? 1 : 0]),
    ),
    gauge(
      'x509_read_errors',
      "Certificate files that could not be read or parsed on the host; x509-certificate-exporter's name.",
      readErrorsByHost(rows),
    ),
  ];
}

function certificateLabels(row: RecordRow): Labels {
  return { ...locationLabels(row), subject_CN: cellText(row.subject), issuer_CN: cellText(row.issuer), ...certbookLabels(row) };
}

// Where the exporter would have found the certificate: a file, or a key of a Secret. The served
// certificate (an address:port) has no such label in the exporter; host and source name it.
function locationLabels(row: RecordRow): Labels {
  const path = cellText(row.path);
  if (row.source === 'served') return {};
  if (row.source === 'secret') {
    const [namespace = '', name = ''] = path.split('/');
    return { secret_namespace: namespace, secret_name: name, secret_key: 'tls.crt' };
  }
  return { filename: posix.basename(path), filepath: path };
}

function certbookLabels(row: RecordRow): Labels {
  return { host: cellText(row.host), cluster: cellText(row.cluster), source: cellText(row.source) };
}

function readErrorsByHost(rows: readonly RecordRow[]): Sample[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(cellText(row.host), (counts.get(cellText(row.host)) ?? 0) + (unreadable(row) ? 1 : 0));
  return [...counts].map(([host, count]) => [{ host }, count]);
}

function unreadable(row: RecordRow): boolean {
  return row.status === 'UNREADABLE';
}
