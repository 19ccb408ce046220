/**
 * The validators the build generates (src/schema-files/standalone-validators.ts) judge exactly
 * as the schemas compiled by ajv at run time do: for every built-in step schema and every play
 * and task keyword schema, the same verdict and the same errors (keyword, paths, params,
 * message, and the `schema`, `parentSchema` and `data` the messages are worded from) on the
 * step reference's examples and on a spread of right and wrong values for every argument.
 */
import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { precompiledSchemas, precompiledValidatorsModule } from '../../src/schema-files/standalone-validators.js';
import { STEPS } from '../../src/steps/registry.js';
import { createAjv, createKeywordAjv, validatorKey } from '../../src/validate/ajv.js';
import type { JsonSchema } from '../../src/validate/json-schema.js';
import type { PrecompiledValidators, ValidatorKind } from '../../src/validate/precompiled-validators.js';
import { tempDir } from '../harness/temp-dir.js';
import { parsedExamples } from '../steps/example-tasks.js';

// The generated module, loaded as the bundle loads it: an ES module whose `require` resolves
// ajv's runtime helpers from the node_modules beside it.
const dir = tempDir('certbook-validators-');
symlinkSync(join(import.meta.dirname, '..', '..', 'node_modules'), join(dir, 'node_modules'));
writeFileSync(join(dir, 'validators.mjs'), precompiledValidatorsModule());
const { PRECOMPILED } = (await import(pathToFileURL(join(dir, 'validators.mjs')).href)) as { PRECOMPILED: PrecompiledValidators };

/** Values of every JSON type, templates and edge cases among them. */
const VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  7,
  -1,
  1.5,
  100_000,
  '',
  'text',
  '{{ a_template }}',
  '0644',
  '+90d',
  '2026-01-31',
  [],
  ['a'],
  [1, 'a'],
  {},
  { a: 'b' },
  { '1bad': 1 },
  { ok_name: { nested: [1] } },
];

/** The values to judge with `schema`: {@link VALUES}, then, for a mapping, each argument given each of them. */
function samples(schema: JsonSchema, extra: unknown[] = []): unknown[] {
  const values = [...VALUES, ...extra];
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [name, property] of Object.entries(properties)) {
    for (const value of [...VALUES, ...((property.enum as unknown[] | undefined) ?? [])]) values.push({ [name]: value });
  }
  if (Object.keys(properties).length > 0) {
    values.push({ not_an_argument: 1 }, Object.fromEntries(Object.keys(properties).map((name) => [name, 'x'])));
  }
  return values;
}

/** An error list as data: what a message can be worded from (TypeBox's symbol keys aside). */
function plain(errors: ValidateFunction['errors']): unknown {
  return JSON.parse(JSON.stringify(errors ?? null));
}

/** Compares the two validators on `values`; returns how many values they refused. */
function assertSameJudgement(
  kind: ValidatorKind,
  schema: JsonSchema,
  reference: ValidateFunction,
  values: unknown[],
  label: string,
): number {
  const text = JSON.stringify(schema);
  const generated = PRECOMPILED[kind].get(validatorKey(text))?.(text);
  assert.ok(generated, `${label}: no precompiled validator`);
  let refused = 0;
  for (const value of values) {
    const verdict = reference(value);
    assert.equal(generated(value), verdict, `${label}: ${JSON.stringify(value)}`);
    assert.deepEqual(plain(generated.errors), plain(reference.errors), `${label}: ${JSON.stringify(value)}`);
    if (!verdict) refused++;
  }
  return refused;
}

test('every step schema: the generated validator judges as the compiled one', () => {
  const ajv = createAjv();
  const examples = parsedExamples();
  let judged = 0;
  let refused = 0;
  for (const step of STEPS.values()) {
    const given = examples.filter((e) => e.step === step && e.args).map((e) => e.args);
    assert.ok(given.length > 0, `${step.name} has examples`);
    const values = samples(step.schema, given);
    const stepRefused = assertSameJudgement('step', step.schema, ajv.compile(step.schema), values, step.name);
    assert.ok(stepRefused > 0, `${step.name}: errors were compared`);
    judged += values.length;
    refused += stepRefused;
  }
  // Both sides of the verdict were compared.
  assert.ok(refused < judged, `${refused} of ${judged} refused`);
});

test('every play and task keyword schema: the generated validator judges as the compiled one', () => {
  const ajv = createKeywordAjv();
  for (const schema of precompiledSchemas().keyword) {
    assertSameJudgement('keyword', schema, ajv.compile(schema), samples(schema), JSON.stringify(schema));
  }
});

test('one validator per distinct schema, and none for a schema the build did not see', () => {
  for (const [kind, schemas] of Object.entries(precompiledSchemas()) as [ValidatorKind, JsonSchema[]][]) {
    assert.equal(PRECOMPILED[kind].size, new Set(schemas.map((s) => JSON.stringify(s))).size, kind);
  }
  // A team's own step: compiled at run time, as before.
  assert.equal(PRECOMPILED.step.get(validatorKey(JSON.stringify({ type: 'object', properties: { team: { type: 'string' } } }))), undefined);
  // Another schema under a built-in's key (a hash collision) is not given the built-in's validator.
  const [key, make] = [...PRECOMPILED.step][0]!;
  assert.equal(make(JSON.stringify({ type: 'object', additionalProperties: false })), undefined, key);
});
