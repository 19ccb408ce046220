import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMetrics } from '../../src/report/metrics.js';

const stats = { 'n"1': { ok: 3, changed: 1, unreachable: 0, failed: 0, skipped: 2, rescued: 0, ignored: 0 } };

test('certificate rows become expiry and days-left gauges with escaped labels', () => {
  const text = formatMetrics({
    exitCode: 0, finishedAt: new Date('2026-11-28T00:00:00Z'), durationMs: 1500, stats,
    records: { certificates: [{ host: 'n"1', source: 'file', path: '/var/lib/rancher/k3s/server/tls/client-admin.crt', subject: 'system:admin', not_after: '2027-01-01T00:00:00Z', days_left: 33 }] },
  });
  assert.match(text, /^certbook_certificate_expiry_timestamp_seconds\{host="n\\"1",source="file",path="\/var\/lib\/rancher\/k3s\/server\/tls\/client-admin.crt",subject="system:admin"\} 1798761600$/m);
  assert.match(text, /^certbook_certificate_days_left\{host="n\\"1",.*\} 33$/m);
  assert.match(text, /^certbook_run_exit_code 0$/m);
  assert.match(text, /^certbook_host_tasks\{host="n\\"1",counter="skipped"\} 2$/m);
  assert.ok(text.endsWith('\n'));
  // Every sample line belongs to a family announced by # TYPE before it.
  const families = new Set([...text.matchAll(/^# TYPE (\S+) gauge$/gm)].map((m) => m[1]));
  for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) assert.ok(families.has(line.split(/[{ ]/)[0]), line);
});

test('without a certificates table only run metrics are written', () => {
  const text = formatMetrics({ exitCode: 2, finishedAt: new Date(0), durationMs: 0, stats, records: {} });
  assert.doesNotMatch(text, /certbook_certificate_/);
  assert.match(text, /^certbook_run_exit_code 2$/m);
});
