/**
 * The same playbook through ansible-playbook (captured in test/fixtures/ansible-output) and
 * through `certbook run`: the output is identical, line for line, once the values that differ
 * between any two runs (command timings) are masked.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from './run-cli.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'ansible-output');

/** Timings and timestamps differ between any two runs of either tool. */
function maskTimings(text: string): string {
  return text.replace(/"(delta|start|end)": "[^"]*"/g, '"$1": "…"');
}

test('block/rescue/always, run_once and a handler print exactly as ansible-playbook prints them', async () => {
  const result = await runCli(['run', 'pb4.yaml', '-i', 'inv-local.yaml'], { cwd: fixtures, env: { CI: 'true' } });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(maskTimings(result.stdout), maskTimings(readFileSync(join(fixtures, 'out4.txt'), 'utf8')));
});

test('include_tasks prints "included: FILE for hosts" and counts as ok, as ansible-playbook does', async () => {
  const result = await runCli(['run', 'pb5.yaml', '-i', 'inv-local.yaml'], { cwd: fixtures, env: { CI: 'true' } });
  assert.equal(result.code, 0, result.stderr);
  // The capture was made in /tmp/ans; the same file sits beside the fixture here.
  const expected = readFileSync(join(fixtures, 'out5.txt'), 'utf8').replaceAll(
    '/tmp/ans/tasks/inc.yaml',
    join(fixtures, 'tasks', 'inc.yaml'),
  );
  assert.equal(result.stdout, expected);
});

test('Python numbers and tuples print as ansible-playbook prints them (1.0, 1e+20, every digit of a big int, (1, 2))', async () => {
  const result = await runCli(['run', 'pb-numbers.yaml', '-i', 'inv-local.yaml'], { cwd: fixtures, env: { CI: 'true' } });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, readFileSync(join(fixtures, 'out-numbers.txt'), 'utf8'));
});
