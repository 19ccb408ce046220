/**
 * The committed JSON Schemas are exactly what the code generates. When this fails, a step, a
 * keyword or the inventory schema changed without the files: run `npm run schemas` and commit.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildSchemaFiles } from '../../src/schema-files/compose-schemas.js';

const root = join(import.meta.dirname, '..', '..');
const files = buildSchemaFiles();

test('the generator produces the playbook schema and one schema per step', () => {
  assert.ok(files.has('schemas/playbook.schema.json'));
  assert.ok([...files.keys()].filter((f) => f.startsWith('schemas/steps/')).length >= 21);
});

for (const [relative, expected] of files) {
  test(`${relative} is up to date`, () => {
    const path = join(root, relative);
    assert.ok(existsSync(path), `${relative} is missing: run \`npm run schemas\``);
    const committed = readFileSync(path, 'utf8');
    assert.ok(committed === expected, `${relative} is stale: run \`npm run schemas\``);
  });
}

test('no committed step schema is left over from a step that no longer exists', () => {
  const leftovers = readdirSync(join(root, 'schemas', 'steps')).filter((name) => !files.has(`schemas/steps/${name}`));
  assert.deepEqual(leftovers, [], 'run `npm run schemas` to remove them');
});

test('the output is deterministic: two builds give the same bytes', async () => {
  const again = buildSchemaFiles();
  assert.deepEqual([...again.entries()], [...files.entries()]);
  for (const text of files.values()) assert.ok(text.endsWith('}\n') && text.startsWith('{\n  "'), '2-space JSON, newline at the end');
});
