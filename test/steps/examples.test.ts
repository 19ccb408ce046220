/**
 * Every example in the step reference is a valid task: it parses as the loader reads YAML, uses
 * only task keywords and its own step, and its arguments pass the step's schema and rules.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TASK_KEYWORDS } from '../../src/playbook/keywords.js';
import { STEPS } from '../../src/steps/registry.js';
import { validateStepArgs } from '../../src/validate/validate-step-args.js';
import { parsedExamples } from './example-tasks.js';

const examples = parsedExamples();

test('every step has examples, and the corpus covers all of them', () => {
  assert.equal(new Set(examples.map((e) => e.step.name)).size, STEPS.size);
  assert.ok(examples.length >= STEPS.size);
});

for (const parsed of examples) {
  test(`${parsed.step.name} example "${parsed.example.title}" is a valid task`, () => {
    assert.deepEqual(
      parsed.problems.items.map((p) => p.code),
      [],
      'the YAML parses',
    );
    assert.ok(Array.isArray(parsed.tasks) && parsed.tasks.length === 1, 'one task, as a list item');
    assert.ok(parsed.task, 'the task is a mapping');
    const keys = Object.keys(parsed.task);
    assert.ok(keys.includes(parsed.step.name), 'the task uses its own step');
    for (const key of keys) {
      assert.ok(key === parsed.step.name || key in TASK_KEYWORDS, `\`${key}\` is a task keyword`);
      assert.ok(key === parsed.step.name || !STEPS.has(key), `\`${key}\` is a second step`);
    }
    assert.deepEqual(validateStepArgs(parsed.step, parsed.args), []);
  });
}
