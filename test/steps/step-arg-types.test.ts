/**
 * A step's argument type is derived from its schema (`StepArgs<typeof schema>`): the compile-time
 * half is checked by `tsc` (npm test runs it over test/ too; each `@ts-expect-error` fails the
 * type check when the line compiles), the run-time half here: what `withDefaults` hands `run`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withDefaults } from '../../src/steps/host-ops/step-args.js';
import { args, bool, choice, int, type StepArgs, str, strOrList, typed } from '../../src/steps/schema-helpers.js';
import type { StatArgs } from '../../src/steps/stat.js';

const schema = args(
  {
    path: str('where'),
    follow: bool('follow links', false),
    mode: choice(['a', 'b'], 'a mode', 'a'),
    tries: int('how often', { default: 3 }),
    names: strOrList('names'),
    env: typed<Record<string, string>>({ type: 'object', description: 'env' }),
  },
  ['path'],
);
type Example = StepArgs<typeof schema>;

// The required argument and every defaulted one are there; the others are optional.
const full: Example = { path: '/etc', follow: true, mode: 'b', tries: 1, names: ['x'], env: { A: 'b' } };
const least: Example = { path: '/etc', follow: false, mode: 'a', tries: 3 };
// @ts-expect-error `path` is required
const noPath: Example = { follow: false, mode: 'a', tries: 3 };
// @ts-expect-error `follow` has a default, so run always sees it
const noFollow: Example = { path: '/etc', mode: 'a', tries: 3 };
// @ts-expect-error `mode` is one of its choices
const badMode: Example = { path: '/etc', follow: false, mode: 'c', tries: 3 };
// @ts-expect-error `names` is a string or a list of strings
const badNames: Example = { path: '/etc', follow: false, mode: 'a', tries: 3, names: 1 };
// @ts-expect-error an argument the schema does not have
const extra: Example = { path: '/etc', follow: false, mode: 'a', tries: 3, other: 1 };
// A converted step: `stat`'s checksum algorithm is its schema's enum.
// @ts-expect-error not one of stat's algorithms
const badStat: StatArgs = { path: 'x', follow: true, get_checksum: false, checksum_algorithm: 'sha2' };
void [full, least, noPath, noFollow, badMode, badNames, extra, badStat];

test('withDefaults fills in the schema defaults and keeps what was given', () => {
  const a = withDefaults(schema, { path: '/etc', tries: 5 });
  assert.deepEqual(a, { path: '/etc', tries: 5, follow: false, mode: 'a' });
});

test('args builds plain JSON Schema: the TypeBox marks do not reach the JSON', () => {
  assert.deepEqual(JSON.parse(JSON.stringify(schema)), {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: { type: 'string', description: 'where' },
      follow: { type: 'boolean', description: 'follow links', default: false },
      mode: { type: 'string', enum: ['a', 'b'], description: 'a mode', default: 'a' },
      tries: { type: 'integer', minimum: 0, description: 'how often', default: 3 },
      names: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }], description: 'names' },
      env: { type: 'object', description: 'env' },
    },
  });
});
