/**
 * The team's own steps: the example step loads, its schema checks tasks before any host is
 * contacted, it runs on a real host, and every kind of broken step file is a BAD_STEP_FILE
 * problem naming the file.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LocalHost } from '../../src/connection/local.js';
import { ProblemList } from '../../src/errors/problem.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { customStepDirs, loadCustomSteps } from '../../src/steps/custom/load-custom-steps.js';
import { findStep, registerCustomSteps } from '../../src/steps/registry.js';
import { stepContext } from '../harness/step-context.js';
import { tempDir } from '../harness/temp-dir.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples', 'steps');

test('the example step loads from a steps directory and checks the tasks that use it', async () => {
  const problems = new ProblemList();
  const steps = await loadCustomSteps([EXAMPLES], problems);
  assert.deepEqual(problems.items, []);
  assert.deepEqual(
    steps.map((s) => s.name),
    ['line_count'],
  );
  registerCustomSteps(steps);
  const dir = tempDir('certbook-custom-');
  writeFileSync(
    join(dir, 'pb.yaml'),
    '- hosts: all\n  tasks:\n    - line_count: {path: /etc/hostname, max: 5}\n    - line_count: {path: /etc/hostname, maxx: 5}\n',
  );
  const loading = new ProblemList();
  loadPlaybook(join(dir, 'pb.yaml'), loading);
  assert.deepEqual(
    loading.items.map((p) => [p.code, p.pos?.line]),
    [['UNKNOWN_ARGUMENT', 4]],
  );
});

test('the example step counts lines on a real host and fails above max; check mode runs it too', async () => {
  const problems = new ProblemList();
  const [step] = await loadCustomSteps([EXAMPLES], problems);
  const dir = tempDir('certbook-custom-run-');
  writeFileSync(join(dir, 'f'), 'a\nb\nc\n');
  const host = new LocalHost('h1');
  const ok = await step!.run!({ path: join(dir, 'f'), max: 3 }, stepContext(host));
  assert.deepEqual([ok.changed, ok.failed, ok.data?.lines], [false, undefined, 3]);
  const over = await step!.run!({ path: join(dir, 'f'), max: 2 }, stepContext(host, { check: true }));
  assert.equal(over.failed, true);
  const missing = await step!.run!({ path: join(dir, 'nope') }, stepContext(host));
  assert.equal(missing.failed, true);
});

test('a step without check-mode support is skipped under --check', async () => {
  const dir = tempDir('certbook-custom-check-');
  writeFileSync(
    join(dir, 'touchy.mjs'),
    "export default { name: 'touchy', summary: 's', schema: { type: 'object', additionalProperties: false }, supportsCheckMode: false, run: async () => ({ changed: true }) };\n",
  );
  const [step] = await loadCustomSteps([dir], new ProblemList());
  const result = await step!.run!({}, stepContext(new LocalHost('h1'), { check: true }));
  assert.deepEqual([result.changed, result.skipped], [false, true]);
});

test('broken step files are BAD_STEP_FILE problems naming the file, and good files beside them still load', async () => {
  const dir = tempDir('certbook-custom-broken-');
  const files: Record<string, string> = {
    'syntax.mjs': 'export default {\n',
    'no-export.mjs': 'export const other = 1;\n',
    'bad-schema.mjs':
      "export default { name: 'bad_schema', summary: 's', schema: { type: 'object', properties: { a: { type: 'strin' } } }, supportsCheckMode: true, run: async () => ({ changed: false }) };\n",
    'clash.mjs':
      "export default { name: 'shell', summary: 's', schema: { type: 'object' }, supportsCheckMode: true, run: async () => ({ changed: false }) };\n",
    'no-check-mode.mjs':
      "export default { name: 'vague', summary: 's', schema: { type: 'object' }, run: async () => ({ changed: false }) };\n",
    'good.mjs':
      "export const step = { name: 'good', summary: 's', schema: { type: 'object' }, supportsCheckMode: true, run: async () => ({ changed: false }) };\n",
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const problems = new ProblemList();
  const steps = await loadCustomSteps([dir], problems);
  assert.deepEqual(
    steps.map((s) => s.name),
    ['good'],
  );
  const named = problems.items.map((p) => [p.code, Object.keys(files).find((f) => p.message.startsWith(join(dir, f)))]);
  assert.deepEqual(
    named.sort(),
    ['bad-schema.mjs', 'clash.mjs', 'no-check-mode.mjs', 'no-export.mjs', 'syntax.mjs'].map((f) => ['BAD_STEP_FILE', f]),
  );
  assert.ok(
    problems.items.every((p) => p.hint),
    'every problem has a hint',
  );
});

test('steps are looked for beside the playbook, then on the paths given, then in CERTBOOK_STEPS_PATH', () => {
  const dir = tempDir('certbook-custom-dirs-');
  const other = tempDir('certbook-custom-env-');
  assert.deepEqual(customStepDirs(dir, [EXAMPLES], `${other}:/nonexistent`), [EXAMPLES, other]);
  assert.equal(findStep('shell')?.custom, undefined);
});
