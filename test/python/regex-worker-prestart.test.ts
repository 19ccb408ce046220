/**
 * The regex worker started ahead of the first match (at the start of a run) is the one that
 * matches, and still stops a match that runs too long. Its own file: the worker is one per process.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundedExec, prestartRegexWorker, RegexTimeLimitError } from '../../src/python/bounded-regex.js';

test('a prestarted worker matches, and stops a catastrophic pattern at the time limit', () => {
  prestartRegexWorker();
  prestartRegexWorker(); // a second call starts nothing more
  assert.deepEqual(boundedExec(/^version (\S+) (\d+)/, 'version k3s 0 v1.30.1+k3s1')?.all, ['version k3s 0', 'k3s', '0']);
  assert.throws(() => boundedExec(/^(a+)+$/, `${'a'.repeat(40)}b`), RegexTimeLimitError);
  // The worker that was stopped is replaced on the next call.
  assert.equal(boundedExec(/b$/, 'ab')?.all[0], 'b');
});
