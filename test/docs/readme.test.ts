/**
 * The README is part of the interface: its first lines are the two commands a new user types,
 * and it lists every problem code users may see.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PROBLEM_CODES } from '../../src/errors/codes.js';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

test('the README starts with the demo command and the test command', () => {
  const block = readme.split('```')[1] ?? '';
  assert.match(block, /npx certbook demo/);
  assert.match(block, /npm test/);
});

test('the README lists every problem code with its meaning', () => {
  for (const [code, meaning] of Object.entries(PROBLEM_CODES)) {
    assert.ok(readme.includes(`| \`${code}\` | ${meaning} |`), `README lacks ${code}`);
  }
});
