/**
 * The bracket-depth guard that runs before the YAML parser (src/yaml/source-file.ts): a text
 * with fewer brackets than the limit skips the walk, so the answers around the limit are pinned.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import { parseSource } from '../../src/yaml/source-file.js';

/** The guard's limit: four times MAX_NESTING_DEPTH (256). */
const LIMIT = 1024;

const nested = (depth: number) => `x: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;

function codes(text: string): { codes: string[]; line?: number; col?: number } {
  const problems = new ProblemList();
  parseSource(`depth-${text.length}.yaml`, text, problems);
  const first = problems.items[0];
  return { codes: problems.items.map((p) => p.code), ...(first?.pos ? { line: first.pos.line, col: first.pos.col } : {}) };
}

test('one bracket past the limit is refused before parsing, at that bracket', () => {
  // `x: ` takes three columns, so the 1,025th `[` stands at column 3 + 1,025.
  assert.deepEqual(codes(nested(LIMIT + 1)), { codes: ['NESTING_TOO_DEEP'], line: 1, col: 3 + LIMIT + 1 });
});

test('many brackets side by side, or inside quotes and comments, are not depth', () => {
  const side = `x: [${Array.from({ length: 3 * LIMIT }, () => '[1]').join(', ')}]\n`;
  assert.deepEqual(codes(side), { codes: [] });
  const quoted = `x: '${'['.repeat(2 * LIMIT)}'\ny: "${'{'.repeat(2 * LIMIT)}"\n# ${'['.repeat(2 * LIMIT)}\n`;
  assert.deepEqual(codes(quoted), { codes: [] });
});

test('at the limit the parser runs, and the document check still says too deep', () => {
  const { codes: found } = codes(nested(LIMIT));
  assert.deepEqual(found, ['NESTING_TOO_DEEP']);
});
