/** What every fuzz test asks of the problems a loader reports, whatever it was fed. */
import assert from 'node:assert/strict';
import { PROBLEM_CODES } from '../../src/errors/codes.js';
import type { Problem } from '../../src/errors/problem.js';

/** Each problem has a known code and a message; one with a position has a sane one and its line quoted. */
export function checkProblems(problems: readonly Problem[], context: string): void {
  for (const p of problems) {
    assert.ok(p.code in PROBLEM_CODES, `${context}: unknown code ${p.code}`);
    assert.ok(p.message.length > 0, `${context}: empty message`);
    if (p.pos) {
      assert.ok(p.pos.line >= 1 && p.pos.col >= 1, `${context}: bad position ${p.pos.line}:${p.pos.col}`);
      assert.equal(typeof p.sourceLine, 'string', `${context}: ${p.code} has a position but no quoted line`);
    }
  }
}
