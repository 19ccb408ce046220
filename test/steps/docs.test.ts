/**
 * The step reference is generated from the definitions: every argument, choice, default, return
 * field and example appears, so the docs cannot drift from the code.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DOC_WIDTH, renderStepList, renderStepReference } from '../../src/steps/docs.js';
import { renderAllStepsMarkdown, renderStepReferenceMarkdown } from '../../src/steps/docs-markdown.js';
import { STEPS } from '../../src/steps/registry.js';
import type { JsonSchema } from '../../src/validate/json-schema.js';
import { sensitivePaths } from '../../src/validate/sensitive.js';

test('the step list has one aligned line per step, with its summary', () => {
  const lines = renderStepList().trimEnd().split('\n');
  assert.equal(lines.length, STEPS.size);
  const columns = new Set<number>();
  for (const [i, step] of [...STEPS.values()].entries()) {
    assert.ok(lines[i]!.trimStart().startsWith(`${step.name} `));
    assert.ok(lines[i]!.endsWith(step.summary));
    columns.add(lines[i]!.indexOf(step.summary));
  }
  assert.equal(columns.size, 1, 'summaries start in one column');
});

for (const step of STEPS.values()) {
  test(`${step.name}: the terminal reference shows everything the definition holds`, () => {
    const text = renderStepReference(step.name);
    const properties = (step.schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const [name, schema] of Object.entries(properties)) {
      assert.match(text, new RegExp(`^  ${name} `, 'm'), `argument ${name} has a row`);
      for (const choice of (schema.enum ?? []) as unknown[]) assert.ok(text.includes(String(choice)), `choice ${String(choice)}`);
      if (schema.default !== undefined && !Array.isArray(schema.default)) {
        assert.ok(text.includes(String(schema.default)), `default of ${name}`);
      }
    }
    for (const field of Object.keys(step.returns)) assert.ok(text.includes(field), `return field ${field}`);
    for (const example of step.examples) {
      for (const line of example.yaml.trimEnd().split('\n')) assert.ok(text.includes(`    ${line}`), `example line ${line}`);
    }
    for (const heading of ['DESCRIPTION', 'ARGUMENTS', 'FREE FORM', 'CHECK MODE', 'CHANGED', 'RETURNS', 'EXAMPLES']) {
      assert.match(text, new RegExp(`^${heading}`, 'm'));
    }
    if (step.freeForm) assert.ok(text.includes(`${step.name}: { ${step.freeForm}: TEXT }`));
    const sensitiveLines = text.split('\n').filter((l) => l.includes('Sensitive: redacted'));
    assert.equal(sensitiveLines.length, new Set(sensitivePaths(step).map((p) => p[0])).size);
    for (const group of step.conflicts ?? []) for (const name of group) assert.match(text, new RegExp(`RULES[\\s\\S]*\`${name}\``));
  });

  test(`${step.name}: the terminal reference fits in ${DOC_WIDTH} columns`, () => {
    for (const line of renderStepReference(step.name).split('\n')) {
      assert.ok([...line].length <= DOC_WIDTH, `too wide (${[...line].length}): ${line}`);
    }
  });

  test(`${step.name}: the Markdown reference lists every argument and return field`, () => {
    const md = renderStepReferenceMarkdown(step.name);
    assert.ok(md.startsWith(`## ${step.name}\n`));
    for (const name of Object.keys((step.schema.properties ?? {}) as object)) assert.ok(md.includes(`| \`${name}\` |`), name);
    for (const field of Object.keys(step.returns)) assert.ok(md.includes(`\`${field}\``), field);
    assert.equal(md.split('```yaml').length - 1, step.examples.length);
  });
}

test('an unknown step name is an error, not an empty page', () => {
  assert.throws(() => renderStepReference('shel'));
  assert.throws(() => renderStepReferenceMarkdown('shel'));
});

test('the full Markdown reference has a table of contents entry and a section per step', () => {
  const md = renderAllStepsMarkdown();
  for (const name of STEPS.keys()) {
    assert.ok(md.includes(`- [\`${name}\`](#${name})`));
    assert.ok(md.includes(`\n## ${name}\n`));
  }
});
