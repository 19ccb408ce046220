/**
 * The shipped alerting rules: Prometheus's own promtool accepts them and their unit tests
 * (deploy/prometheus/certbook-rules.test.yaml: input series, expected alerts) pass; the
 * PrometheusRule is the generated twin of the plain file; and the rules only ask for series
 * that `--metrics` writes.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import { PROMETHEUS_RULE_FILE, RULES_FILE, renderPrometheusRule } from '../../scripts/prometheus-rule/render.js';
import { formatMetrics } from '../../src/report/metrics.js';
import { promtool } from '../harness/promtool.js';
import { tempDir } from '../harness/temp-dir.js';

const root = join(import.meta.dirname, '..', '..');
const rulesPath = join(root, RULES_FILE);
const rulesText = readFileSync(rulesPath, 'utf8');
interface Rule {
  alert?: string;
  record?: string;
  expr: string;
}
const groups = (parse(rulesText) as { groups: Array<{ name: string; rules: Rule[] }> }).groups;

test('promtool check rules accepts the rules file: the alerts and the deprecated recording rule', () => {
  const check = promtool(['check', 'rules', rulesPath]);
  assert.equal(check.code, 0, check.output);
  assert.match(check.output, /SUCCESS: 8 rules found/);
  const names = groups.flatMap((g) => g.rules.map((r) => r.alert ?? r.record));
  assert.deepEqual(names.sort(), [
    'CertbookCertificateExpired',
    'CertbookCertificateExpiresSoon',
    'CertbookCertificateInsideRenewalWindow',
    'CertbookClusterNeedsAttention',
    'CertbookRunFailed',
    'CertbookRunMissing',
    'CertbookStaleServingCertificate',
    'certbook_certificate_days_left',
  ]);
});

test('promtool test rules: every alert fires when it should, with its labels and annotations, and not before', () => {
  const run = promtool(['test', 'rules', join(root, 'deploy', 'prometheus', 'certbook-rules.test.yaml')]);
  assert.equal(run.code, 0, run.output);
  assert.match(run.output, /SUCCESS/);
  // Each alert has at least one case where it is expected to fire.
  const cases = readFileSync(join(root, 'deploy', 'prometheus', 'certbook-rules.test.yaml'), 'utf8');
  for (const alert of groups.flatMap((g) => g.rules.flatMap((r) => (r.alert ? [r.alert] : [])))) {
    assert.match(cases, new RegExp(`alertname: ${alert}\\n\\s+exp_alerts:\\n\\s+- exp_labels`), alert);
  }
});

test('the committed PrometheusRule is generated from the rules file (npm run rules) and holds the same groups', () => {
  const committed = readFileSync(join(root, PROMETHEUS_RULE_FILE), 'utf8');
  assert.equal(committed, renderPrometheusRule(rulesText), `stale: run npm run rules`);
  const resource = parse(committed) as { apiVersion: string; kind: string; spec: { groups: unknown } };
  assert.equal(resource.apiVersion, 'monitoring.coreos.com/v1');
  assert.equal(resource.kind, 'PrometheusRule');
  assert.deepEqual(resource.spec.groups, groups);
  // Its groups, as a plain rules file, pass promtool too.
  const plain = join(tempDir('certbook-prometheusrule-'), 'groups.yaml');
  writeFileSync(plain, stringify({ groups: resource.spec.groups }));
  const check = promtool(['check', 'rules', plain]);
  assert.equal(check.code, 0, check.output);
});

test('the rules ask only for series that --metrics writes, with the labels they use', () => {
  const text = formatMetrics({
    exitCode: 0,
    finishedAt: new Date('2026-12-01T00:00:00Z'),
    durationMs: 1,
    stats: {},
    playbook: 'check-expiry.yaml',
    records: {
      certificates: [
        {
          host: 's1',
          cluster: 'c1',
          source: 'file',
          path: '/x.crt',
          subject: 'x',
          issuer: 'ca',
          not_before: '2026-01-01T00:00:00Z',
          not_after: '2027-01-01T00:00:00Z',
          status: 'WARNING',
        },
      ],
      clusters: [{ cluster: 'c1', run: 'rotate' }],
    },
  });
  const written = new Set(
    text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(/[{ ]/)[0]),
  );
  const asked = new Set(
    groups.flatMap((g) => g.rules.flatMap((r) => [...r.expr.matchAll(/\b(certbook_\w+|x509_\w+)/g)].map((m) => m[1]!))),
  );
  assert.ok(asked.size >= 4, [...asked].join(' '));
  for (const name of asked) assert.ok(written.has(name), `${name} is not in --metrics`);
  // The label values the rules select on are ones the metrics carry.
  assert.match(text, /^certbook_certificate_status\{[^}]*status="WARNING"\} 1$/m);
  assert.match(text, /^certbook_cluster_action\{cluster="c1",action="force-reissue-serving"\} 0$/m);
  assert.match(text, /^certbook_cluster_action\{cluster="c1",action="attention"\} 0$/m);
  assert.match(text, /^certbook_run_timestamp_seconds\{playbook="check-expiry"\} \d+$/m);
});
