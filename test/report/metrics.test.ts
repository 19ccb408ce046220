import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMetrics, type MetricsInput, playbookLabel } from '../../src/report/metrics.js';

const stats = { 'n"1': { ok: 3, changed: 1, unreachable: 0, failed: 0, skipped: 2, rescued: 0, ignored: 0 } };
const TLS = '/var/lib/rancher/k3s/server/tls';
const finishedAt = new Date('2026-11-28T00:00:00Z');
const rows = [
  {
    host: 'n"1',
    cluster: 'c1',
    source: 'file',
    path: `${TLS}/client-admin.crt`,
    subject: 'system:admin',
    issuer: 'k3s-client-ca',
    not_before: '2026-01-01T00:00:00Z',
    not_after: '2027-01-01T00:00:00Z',
    days_left: 33,
    status: 'WARNING',
  },
  { host: 'n"1', cluster: 'c1', source: 'file', path: `${TLS}/broken.crt`, subject: 'not a certificate', status: 'UNREADABLE' },
  {
    host: 'n"1',
    cluster: 'c1',
    source: 'dynamic-cert',
    path: `${TLS}/dynamic-cert.json`,
    subject: 'k3s',
    issuer: 'k3s-server-ca',
    not_before: '2025-11-01T00:00:00Z',
    not_after: '2026-11-01T00:00:00Z',
    days_left: -27,
    status: 'EXPIRED',
  },
  {
    host: 'n"1',
    cluster: 'c1',
    source: 'served',
    path: '10.0.0.1:6443',
    subject: 'k3s',
    issuer: 'k3s-server-ca',
    not_before: '2025-11-01T00:00:00Z',
    not_after: '2026-11-01T00:00:00Z',
    days_left: -27,
    status: 'EXPIRED',
  },
  {
    host: 'n"1',
    cluster: 'c1',
    source: 'secret',
    path: 'kube-system/k3s-serving',
    subject: 'k3s',
    issuer: 'k3s-server-ca',
    not_before: '2025-11-01T00:00:00Z',
    not_after: '2026-11-01T00:00:00Z',
    days_left: -27,
    status: 'EXPIRED',
  },
];
const input = (over: Partial<MetricsInput> = {}): MetricsInput => ({
  exitCode: 2,
  finishedAt,
  durationMs: 1500,
  stats,
  playbook: '/opt/certbook/playbooks/check-expiry.yaml',
  records: { certificates: rows, clusters: [{ cluster: 'c1', servers: 1, agents: 0, run: 'force-reissue-serving' }] },
  ...over,
});
/** The sample lines of one metric name. */
const samples = (text: string, name: string) => text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));

test("run gauges carry the playbook's name, so several scheduled playbooks can share the collector's directory", () => {
  const text = formatMetrics(input());
  assert.deepEqual(samples(text, 'certbook_run_exit_code'), ['certbook_run_exit_code{playbook="check-expiry"} 2']);
  assert.deepEqual(samples(text, 'certbook_run_timestamp_seconds'), ['certbook_run_timestamp_seconds{playbook="check-expiry"} 1795824000']);
  assert.match(text, /^certbook_host_tasks\{playbook="check-expiry",host="n\\"1",counter="skipped"\} 2$/m);
  assert.equal(playbookLabel('site.yml'), 'site');
  assert.equal(playbookLabel(undefined), '');
});

test("certbook's certificate gauges are in seconds: expiry timestamp, seconds left from the end of the run, and the status", () => {
  const text = formatMetrics(input());
  const labels = `host="n\\"1",cluster="c1",source="file",path="${TLS}/client-admin.crt",subject="system:admin"`;
  assert.ok(
    samples(text, 'certbook_certificate_expiry_timestamp_seconds').includes(
      `certbook_certificate_expiry_timestamp_seconds{${labels}} 1798761600`,
    ),
  );
  assert.ok(
    samples(text, 'certbook_certificate_expires_in_seconds').includes(`certbook_certificate_expires_in_seconds{${labels}} ${34 * 86400}`),
  );
  assert.ok(samples(text, 'certbook_certificate_status').includes(`certbook_certificate_status{${labels},status="WARNING"} 1`));
  // The unreadable row has no dates, but its status is a series.
  assert.equal(samples(text, 'certbook_certificate_expiry_timestamp_seconds').length, 4);
  assert.equal(samples(text, 'certbook_certificate_status').length, 5);
  assert.ok(samples(text, 'certbook_certificate_status').some((l) => l.includes('status="UNREADABLE"')));
  // The old whole-days gauge is gone from the file (promtool: not a base unit); the rules file recreates it.
  assert.doesNotMatch(text, /^certbook_certificate_days_left/m);
});

test('each cluster gets one action series per verdict, 1 for what to run', () => {
  const text = formatMetrics(input());
  assert.deepEqual(samples(text, 'certbook_cluster_action'), [
    'certbook_cluster_action{cluster="c1",action="nothing"} 0',
    'certbook_cluster_action{cluster="c1",action="rotate"} 0',
    'certbook_cluster_action{cluster="c1",action="force-reissue-serving"} 1',
    'certbook_cluster_action{cluster="c1",action="attention"} 0',
  ]);
});

test('every certificate row is also an x509-certificate-exporter series: file, Secret and served labels', () => {
  const text = formatMetrics(input());
  const notAfter = samples(text, 'x509_cert_not_after');
  assert.equal(notAfter.length, 4);
  assert.ok(
    notAfter.includes(
      `x509_cert_not_after{filename="client-admin.crt",filepath="${TLS}/client-admin.crt",subject_CN="system:admin",issuer_CN="k3s-client-ca",host="n\\"1",cluster="c1",source="file"} 1798761600`,
    ),
  );
  assert.ok(
    notAfter.includes(
      'x509_cert_not_after{secret_namespace="kube-system",secret_name="k3s-serving",secret_key="tls.crt",subject_CN="k3s",issuer_CN="k3s-server-ca",host="n\\"1",cluster="c1",source="secret"} 1793491200',
    ),
  );
  assert.ok(
    notAfter.includes(
      'x509_cert_not_after{subject_CN="k3s",issuer_CN="k3s-server-ca",host="n\\"1",cluster="c1",source="served"} 1793491200',
    ),
  );
  assert.ok(
    samples(text, 'x509_cert_not_before').includes(
      `x509_cert_not_before{filename="client-admin.crt",filepath="${TLS}/client-admin.crt",subject_CN="system:admin",issuer_CN="k3s-client-ca",host="n\\"1",cluster="c1",source="file"} 1767225600`,
    ),
  );
  const expired = samples(text, 'x509_cert_expired');
  assert.deepEqual(
    expired.map((l) => l.endsWith(' 1')),
    [false, true, true, true],
  );
  assert.ok(
    samples(text, 'x509_cert_expires_in_seconds').every((l) =>
      /source="file"/.test(l) ? l.endsWith(` ${34 * 86400}`) : l.endsWith(` ${-27 * 86400}`),
    ),
  );
});

test("an unreadable file is an x509_cert_error and counts in its host's x509_read_errors", () => {
  const text = formatMetrics(input());
  assert.ok(
    samples(text, 'x509_cert_error').includes(
      `x509_cert_error{filename="broken.crt",filepath="${TLS}/broken.crt",host="n\\"1",cluster="c1",source="file"} 1`,
    ),
  );
  assert.equal(samples(text, 'x509_cert_error').filter((l) => l.endsWith(' 0')).length, 4);
  assert.deepEqual(samples(text, 'x509_read_errors'), ['x509_read_errors{host="n\\"1"} 1']);
});

test('every sample belongs to one family announced once by # HELP and # TYPE before it', () => {
  const text = formatMetrics(input());
  assert.ok(text.endsWith('\n'));
  const typed = [...text.matchAll(/^# TYPE (\S+) gauge$/gm)].map((m) => m[1]);
  assert.equal(new Set(typed).size, typed.length, 'no family twice');
  let current = '';
  for (const line of text.split('\n').filter(Boolean)) {
    const type = /^# TYPE (\S+) /.exec(line);
    if (type) current = type[1]!;
    else if (!line.startsWith('# HELP ')) assert.equal(line.split(/[{ ]/)[0], current, line);
  }
});

test('a row published twice is one series (node_exporter refuses duplicates), the first one kept', () => {
  const later = { ...rows[0]!, not_after: '2028-01-01T00:00:00Z' };
  const text = formatMetrics(input({ records: { certificates: [rows[0]!, later] } }));
  assert.equal(samples(text, 'certbook_certificate_expiry_timestamp_seconds').length, 1);
  assert.match(text, /^certbook_certificate_expiry_timestamp_seconds\{[^}]*\} 1798761600$/m);
  assert.equal(samples(text, 'x509_cert_not_after').length, 1);
});

test('without a certificates table only run metrics are written', () => {
  const text = formatMetrics(input({ exitCode: 0, records: {} }));
  assert.doesNotMatch(text, /certbook_certificate_|x509_|certbook_cluster_/);
  assert.match(text, /^certbook_run_exit_code\{playbook="check-expiry"\} 0$/m);
});
