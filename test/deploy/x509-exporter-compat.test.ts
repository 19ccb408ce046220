/**
 * x509-certificate-exporter's way of alerting and its dashboard's queries, run by Prometheus's
 * rule engine (`promtool test rules`) on the series certbook's `--metrics` writes: the
 * expiry alert in the exporter's style (`x509_cert_not_after - time()` against days, described
 * by `subject_CN` and `filepath` or `secret_namespace`/`secret_name`) fires for certbook's rows
 * with the right text, and the dashboard's counts by location come out right.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { formatMetrics } from '../../src/report/metrics.js';
import { promtool } from '../harness/promtool.js';
import { tempDir } from '../harness/temp-dir.js';

// promtool's clock starts at the Unix epoch: the certificates expire days after it.
const day = (n: number) => new Date(n * 86_400_000).toISOString();
const TLS = '/var/lib/rancher/k3s/server/tls';
const rows = [
  {
    host: 's1',
    cluster: 'c1',
    source: 'file',
    path: `${TLS}/client-admin.crt`,
    subject: 'system:admin',
    issuer: 'k3s-client-ca',
    not_before: day(-300),
    not_after: day(4),
    status: 'WARNING',
  },
  {
    host: 's1',
    cluster: 'c1',
    source: 'file',
    path: `${TLS}/server-ca.crt`,
    subject: 'k3s-server-ca',
    issuer: 'k3s-server-ca',
    not_before: day(-300),
    not_after: day(3000),
    status: 'OK',
  },
  { host: 's1', cluster: 'c1', source: 'file', path: `${TLS}/broken.crt`, subject: 'no PEM certificate in the file', status: 'UNREADABLE' },
  {
    host: 's1',
    cluster: 'c1',
    source: 'secret',
    path: 'kube-system/k3s-serving',
    subject: 'k3s',
    issuer: 'k3s-server-ca',
    not_before: day(-300),
    not_after: day(2),
    status: 'WARNING',
  },
];

/** The sample lines of a --metrics text as promtool input series, constant for an hour. */
function inputSeries(text: string): Array<{ series: string; values: string }> {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((line) => {
      const at = line.lastIndexOf(' ');
      return { series: line.slice(0, at), values: `${line.slice(at + 1)}x60` };
    });
}

const exporterStyleRules = {
  groups: [
    {
      name: 'exporter-style',
      rules: [
        {
          alert: 'CertificateRenewal',
          expr: '(x509_cert_not_after - time()) / 86400 < 14',
          labels: { severity: 'warning' },
          annotations: {
            description:
              '{{ $labels.subject_CN }} {{ if $labels.secret_name }}in Secret {{ $labels.secret_namespace }}/{{ $labels.secret_name }}{{ else }}at {{ $labels.filepath }}{{ end }}',
          },
        },
      ],
    },
  ],
};

test("the exporter's style of expiry alert and its dashboard's counts work on certbook's series", () => {
  const text = formatMetrics({
    exitCode: 2,
    finishedAt: new Date(0),
    durationMs: 1,
    stats: {},
    playbook: 'check-expiry',
    records: { certificates: rows },
  });
  const dir = tempDir('certbook-x509-compat-');
  writeFileSync(join(dir, 'rules.yaml'), stringify(exporterStyleRules));
  const labels = { host: 's1', cluster: 'c1' };
  const tests = {
    rule_files: ['rules.yaml'],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: inputSeries(text),
        alert_rule_test: [
          {
            eval_time: '10m',
            alertname: 'CertificateRenewal',
            exp_alerts: [
              {
                exp_labels: {
                  severity: 'warning',
                  ...labels,
                  source: 'file',
                  filename: 'client-admin.crt',
                  filepath: `${TLS}/client-admin.crt`,
                  subject_CN: 'system:admin',
                  issuer_CN: 'k3s-client-ca',
                },
                exp_annotations: { description: `system:admin at ${TLS}/client-admin.crt` },
              },
              {
                exp_labels: {
                  severity: 'warning',
                  ...labels,
                  source: 'secret',
                  secret_namespace: 'kube-system',
                  secret_name: 'k3s-serving',
                  secret_key: 'tls.crt',
                  subject_CN: 'k3s',
                  issuer_CN: 'k3s-server-ca',
                },
                exp_annotations: { description: 'k3s in Secret kube-system/k3s-serving' },
              },
            ],
          },
        ],
        promql_expr_test: [
          // The dashboard's "Media" pie and its read-error stat.
          { expr: 'count(x509_cert_not_after{filepath!="",embedded_key=""})', eval_time: '10m', exp_samples: [{ labels: '{}', value: 2 }] },
          { expr: 'count(x509_cert_not_after{secret_name!=""})', eval_time: '10m', exp_samples: [{ labels: '{}', value: 1 }] },
          { expr: 'sum(x509_read_errors)', eval_time: '10m', exp_samples: [{ labels: '{}', value: 1 }] },
          { expr: 'sum(x509_cert_expired)', eval_time: '10m', exp_samples: [{ labels: '{}', value: 0 }] },
        ],
      },
    ],
  };
  writeFileSync(join(dir, 'rules.test.yaml'), stringify(tests));
  const run = promtool(['test', 'rules', join(dir, 'rules.test.yaml')]);
  assert.equal(run.code, 0, run.output);
  assert.match(run.output, /SUCCESS/);
});
