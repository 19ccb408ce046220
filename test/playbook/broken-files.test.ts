/**
 * The broken-file corpus: every file under test/fixtures/broken holds one mistake and names the
 * problem it must produce in a `# expect: CODE line:col` comment. Each must be refused with that
 * code at that place, without throwing.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'broken');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

interface Expectation {
  code: string;
  /** The end of the file name the problem is in, when it is not the broken file itself. */
  file?: string;
  line?: number;
  col?: number;
}

function expectationsOf(file: string): Expectation[] {
  const text = readFileSync(join(dir, file), 'latin1');
  return [...text.matchAll(/^# expect: (\w+)(?: (?:([\w.-]+):)?(\d+):(\d+))?$/gm)].map((m) => ({
    code: m[1]!,
    ...(m[2] ? { file: m[2] } : {}),
    ...(m[3] ? { line: Number(m[3]), col: Number(m[4]) } : {}),
  }));
}

test('the corpus holds at least 30 broken files, each with an expectation', () => {
  assert.ok(files.length >= 30, `only ${files.length} broken files`);
  for (const file of files) assert.ok(expectationsOf(file).length > 0, `${file} has no # expect line`);
});

for (const file of files) {
  test(`${file} is refused with its expected problem`, () => {
    const problems = new ProblemList();
    loadPlaybook(join(dir, file), problems);
    assert.ok(problems.items.length > 0, 'no problem was reported');
    for (const want of expectationsOf(file)) {
      const inFile = want.file ?? file;
      const found = problems.items.filter((p) => p.code === want.code && (!p.pos || p.pos.file.endsWith(inFile)));
      assert.ok(found.length > 0, `expected ${want.code}, got ${problems.items.map((p) => p.code).join(', ')}`);
      if (want.line !== undefined) {
        const at = found.map((p) => `${p.pos?.line}:${p.pos?.col}`);
        assert.ok(at.includes(`${want.line}:${want.col}`), `expected ${want.code} at ${want.line}:${want.col}, got it at ${at.join(', ')}`);
      }
    }
    for (const p of problems.items) {
      assert.ok(p.message.length > 0, 'every problem has a message');
      if (p.pos) assert.equal(typeof p.sourceLine, 'string', `${p.code} at ${p.pos.line} quotes its line`);
    }
  });
}
