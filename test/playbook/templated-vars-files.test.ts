/**
 * A `vars_files` entry whose name is a template is read at run time, and must be read by the
 * same YAML reader as a static entry: PyYAML's booleans, dates kept as text, `!unsafe` kept
 * unsafe, and the same size limit.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import type { RunEvent } from '../../src/events/run-events.js';
import { selectHosts } from '../../src/inventory/host-patterns.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { NO_TAG_FILTER } from '../../src/playbook/tags.js';
import { runPlaybook } from '../../src/runner/run-playbook.js';
import { MAX_SOURCE_BYTES } from '../../src/yaml/source-file.js';
import { tempDir } from '../harness/temp-dir.js';

const VARS = "flag_yes: yes\nflag_on: on\nflag_y: y\nwhen_date: 2024-01-31\nraw: !unsafe '{{ x }}'\nx: rendered\n";

/** Runs a one-task play reading `name` from vars_files; returns the debug result's data, the problems, or the failure. */
async function runWith(dir: string, name: string): Promise<{ problems: string[]; status?: string; data?: Record<string, unknown> }> {
  writeFileSync(join(dir, 'inv.yaml'), 'all:\n  hosts:\n    h: {ansible_connection: local, which: vars}\n');
  writeFileSync(
    join(dir, 'pb.yaml'),
    [
      '- hosts: all',
      '  gather_facts: false',
      '  vars_files:',
      `    - ${JSON.stringify(name)}`,
      '  tasks:',
      '    - debug:',
      '        msg: ["{{ flag_yes }}", "{{ flag_on }}", "{{ flag_y }}", "{{ when_date }}", "{{ raw }}",',
      '              "{{ flag_yes is boolean }}", "{{ when_date is string }}"]',
      '',
    ].join('\n'),
  );
  const problems = new ProblemList();
  const inventory = loadInventory([join(dir, 'inv.yaml')], problems);
  const playbook = loadPlaybook(join(dir, 'pb.yaml'), problems);
  if (!problems.ok || !playbook) return { problems: problems.items.map((p) => p.code) };
  const events: RunEvent[] = [];
  await runPlaybook(playbook, inventory, [selectHosts(inventory, 'all', problems)], {
    tags: NO_TAG_FILTER,
    check: false,
    diff: false,
    forks: 1,
    extraVars: {},
    verbosity: 0,
    listeners: [(e) => events.push(e)],
  });
  const result = events.find((e) => e.kind === 'host_result');
  assert.ok(result && result.kind === 'host_result');
  return { problems: [], status: result.status, data: result.result as unknown as Record<string, unknown> };
}

test('a templated vars_files name reads yes/on, a date and !unsafe exactly as a static one does', async () => {
  const dir = tempDir('certbook-tvars-');
  writeFileSync(join(dir, 'vars.yaml'), VARS);
  const statically = await runWith(dir, 'vars.yaml');
  const templated = await runWith(dir, '{{ which }}.yaml');
  assert.equal(statically.status, 'ok');
  assert.deepEqual(statically.data?.msg, [true, true, 'y', '2024-01-31', '{{ x }}', true, true]);
  assert.deepEqual(templated, statically);
});

test('an oversize templated vars file is refused with FILE_TOO_LARGE, as a static one is', async () => {
  const dir = tempDir('certbook-tvars-');
  writeFileSync(join(dir, 'vars.yaml'), `a: "${'x'.repeat(MAX_SOURCE_BYTES)}"\n`);
  const statically = await runWith(dir, 'vars.yaml');
  assert.deepEqual(statically.problems, ['FILE_TOO_LARGE']);
  const templated = await runWith(dir, '{{ which }}.yaml');
  assert.equal(templated.status, 'failed');
  assert.match(String(templated.data?.msg), /error\[FILE_TOO_LARGE\]/);
  assert.match(String(templated.data?.msg), /vars\.yaml/);
});

test('a templated vars file with a syntax error fails the host with the file, line and column', async () => {
  const dir = tempDir('certbook-tvars-');
  writeFileSync(join(dir, 'vars.yaml'), 'a: 1\nb: [unclosed\n');
  const templated = await runWith(dir, '{{ which }}.yaml');
  assert.equal(templated.status, 'failed');
  assert.match(String(templated.data?.msg), /vars\.yaml:\d+:\d+: error\[YAML_SYNTAX\]/);
});
