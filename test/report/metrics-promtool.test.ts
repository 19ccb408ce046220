/**
 * `certbook run --metrics` through the CLI, in-process, with a playbook that publishes the
 * certificates and clusters tables as check-expiry does (every source, an unreadable file,
 * label values that need escaping): the file passes Debian's `promtool check metrics` without
 * a word, and the exporter-compatible series are there.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runCli } from '../cli/run-cli.js';
import { promtool } from '../harness/promtool.js';
import { tempDir } from '../harness/temp-dir.js';

const TLS = '/var/lib/rancher/k3s/server/tls';
const ROWS = [
  {
    source: 'file',
    path: `${TLS}/client-admin.crt`,
    subject: 'system:admin',
    issuer: 'k3s-client-ca',
    not_before: '2026-01-01T00:00:00Z',
    not_after: '2027-01-01T00:00:00Z',
    days_left: 33,
    status: 'WARNING',
  },
  { source: 'file', path: `${TLS}/odd "name"\\.crt`, subject: 'no PEM certificate in the file', status: 'UNREADABLE' },
  {
    source: 'dynamic-cert',
    path: `${TLS}/dynamic-cert.json`,
    subject: 'k3s',
    issuer: 'k3s-server-ca',
    not_before: '2025-01-01T00:00:00Z',
    not_after: '2026-01-01T00:00:00Z',
    days_left: -300,
    status: 'EXPIRED',
  },
  {
    source: 'served',
    path: '127.0.0.1:6443',
    subject: 'k3s',
    issuer: 'k3s-server-ca',
    not_before: '2025-01-01T00:00:00Z',
    not_after: '2026-01-01T00:00:00Z',
    days_left: -300,
    status: 'EXPIRED',
  },
  {
    source: 'secret',
    path: 'kube-system/k3s-serving',
    subject: 'k3s',
    issuer: 'k3s-server-ca',
    not_before: '2025-01-01T00:00:00Z',
    not_after: '2026-01-01T00:00:00Z',
    days_left: -300,
    status: 'EXPIRED',
  },
];

function playbook(): string {
  const rows = JSON.stringify(ROWS.map((r) => ({ cluster: 'c1', ...r })));
  return [
    '- hosts: servers',
    '  gather_facts: false',
    '  tasks:',
    '    - publish:',
    '        table: certificates',
    `        rows: ${rows}`,
    '    - publish:',
    '        table: clusters',
    '        row: {cluster: c1, servers: 2, agents: 0, run: force-reissue-serving}',
    '      run_once: true',
    '',
  ].join('\n');
}

test('--metrics of a run that publishes certificates passes promtool check metrics with no warning', async () => {
  const dir = tempDir('certbook-metrics-promtool-');
  writeFileSync(join(dir, 'check-expiry.yaml'), playbook());
  writeFileSync(join(dir, 'inv.yaml'), 'servers:\n  hosts:\n    s1: {ansible_connection: local}\n    s2: {ansible_connection: local}\n');
  const result = await runCli(['run', 'check-expiry.yaml', '-i', 'inv.yaml', '--metrics', 'k3s.prom'], { cwd: dir });
  assert.equal(result.code, EXIT.OK, result.stderr);
  const text = readFileSync(join(dir, 'k3s.prom'), 'utf8');
  const check = promtool(['check', 'metrics'], text);
  assert.deepEqual(check, { code: 0, output: '' }, text);
  // promtool is not blind here: the name certbook used to write is what it rejects.
  const old =
    '# HELP certbook_certificate_days_left Whole days.\n# TYPE certbook_certificate_days_left gauge\ncertbook_certificate_days_left 3\n';
  assert.match(promtool(['check', 'metrics'], old).output, /base unit "seconds" instead of "days"/);
  // Both hosts published the five rows; the run is named after its playbook.
  assert.match(text, /^certbook_run_exit_code\{playbook="check-expiry"\} 0$/m);
  assert.equal(text.split('\n').filter((l) => l.startsWith('x509_cert_not_after{')).length, 8);
  assert.equal(text.split('\n').filter((l) => l.startsWith('certbook_certificate_status{')).length, 10);
  assert.match(
    text,
    /^x509_cert_error\{filename="odd \\"name\\"\\\\.crt",filepath="[^"]*\/odd \\"name\\"\\\\.crt",host="s1",cluster="c1",source="file"\} 1$/m,
  );
  assert.match(text, /^certbook_cluster_action\{cluster="c1",action="force-reissue-serving"\} 1$/m);
});
