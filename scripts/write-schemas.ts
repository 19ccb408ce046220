/**
 * `npm run schemas`: writes every committed JSON Schema from the code (see
 * `src/schema-files/compose-schemas.ts`) and removes step schemas whose step no longer exists.
 * Run it after changing a step, a keyword or the inventory schema; CI fails when you forget.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSchemaFiles } from '../src/schema-files/compose-schemas.js';

const root = join(import.meta.dirname, '..');

function current(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

const files = buildSchemaFiles();
let changed = 0;
for (const [relative, text] of files) {
  const path = join(root, relative);
  if (current(path) === text) continue;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  changed++;
  console.log(`wrote ${relative}`);
}
const stepsDir = join(root, 'schemas', 'steps');
for (const name of readdirSync(stepsDir)) {
  if (files.has(`schemas/steps/${name}`)) continue;
  rmSync(join(stepsDir, name));
  changed++;
  console.log(`removed schemas/steps/${name}`);
}
console.log(`${files.size} schema files, ${changed} changed`);
