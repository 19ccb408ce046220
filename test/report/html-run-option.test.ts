/** `certbook run … --html FILE`: the page written from the run's own report, checked before the run like every output. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../cli/run-cli.js';
import { tempDir } from '../harness/temp-dir.js';

const PLAYBOOK = `- hosts: all
  gather_facts: false
  tasks:
    - publish:
        table: certificates
        row: {cluster: lab, source: file, path: /tls/a.crt, subject: a, issuer: ca, is_ca: false,
              not_before: "2026-01-01T00:00:00Z", not_after: "2026-12-01T00:00:00Z", days_left: -6, status: EXPIRED}
`;

test('--html writes the page of the run: its rows, its exit status in words', async () => {
  const dir = tempDir('certbook-html-run-');
  writeFileSync(join(dir, 'pb.yaml'), PLAYBOOK);
  writeFileSync(join(dir, 'inv.ini'), 'box ansible_connection=local\n');
  const r = await runCli(['run', 'pb.yaml', '-i', 'inv.ini', '--html', 'out.html'], { cwd: dir, env: { CI: 'true' } });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const html = readFileSync(join(dir, 'out.html'), 'utf8');
  assert.match(html, /exit 0: everything asked for was done/);
  assert.match(html, /<tr data-status="EXPIRED"><td>box<td>lab<td>file<td>\/tls\/a\.crt/);
});

test('--html onto a directory is refused before anything runs (exit 5)', async () => {
  const dir = tempDir('certbook-html-run-');
  writeFileSync(join(dir, 'pb.yaml'), PLAYBOOK.replace('publish:', `shell: touch ${join(dir, 'ran')}\n    - publish:`));
  writeFileSync(join(dir, 'inv.ini'), 'box ansible_connection=local\n');
  mkdirSync(join(dir, 'out.html'));
  const r = await runCli(['run', 'pb.yaml', '-i', 'inv.ini', '--html', 'out.html'], { cwd: dir, env: { CI: 'true' } });
  assert.equal(r.code, 5, r.stdout + r.stderr);
  assert.match(r.stderr, /--html/);
  assert.equal(existsSync(join(dir, 'ran')), false);
});
