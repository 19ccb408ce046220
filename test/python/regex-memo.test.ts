/**
 * The memo of regular-expression answers (src/python/regex-memo.ts): the same call answers the
 * same, a caller that changes its answer cannot change the next one, the least recently used
 * answer goes first, long texts are never kept, and a substitution is keyed by its replacement.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundedExec, boundedMatchAll, boundedSub } from '../../src/python/bounded-regex.js';
import { MEMO_ENTRIES, MEMO_MAX_TEXT, MISS, memoKey, recall, remember } from '../../src/python/regex-memo.js';

test('a repeated match answers the same, and changing an answer does not change the next', () => {
  const regex = /v(\d+)\.(\d+)\.(\d+)(?<build>\+\S+)?/;
  const first = boundedExec(regex, 'k3s version v1.30.4+k3s1 (commit)');
  assert.deepEqual(first?.all, ['v1.30.4+k3s1', '1', '30', '4', '+k3s1']);
  first!.all[1] = 'changed';
  const again = boundedExec(regex, 'k3s version v1.30.4+k3s1 (commit)');
  assert.deepEqual(again?.all, ['v1.30.4+k3s1', '1', '30', '4', '+k3s1']);
  assert.equal(again?.groups?.build, '+k3s1');
  const all = boundedMatchAll(/\d+/g, 'a1b22c333');
  all[0]![0] = 'x';
  assert.deepEqual(boundedMatchAll(/\d+/g, 'a1b22c333'), [['1'], ['22'], ['333']]);
});

test('a substitution is keyed by its replacement and count', () => {
  assert.equal(boundedSub(/o/, ['0'], 'foo', 0), 'f00');
  assert.equal(boundedSub(/o/, ['0'], 'foo', 1), 'f0o');
  assert.equal(boundedSub(/o/, ['*'], 'foo', 0), 'f**');
  assert.equal(boundedSub(/o/i, ['0'], 'fOo', 0), 'f00', 'the flags are part of the key');
});

test('the least recently used answer goes first; long texts are not kept', () => {
  const key = (i: number) => memoKey('exec', /x/, `text ${i}`)!;
  remember(key(0), 'zero');
  for (let i = 1; i < MEMO_ENTRIES; i++) remember(key(i), i);
  assert.equal(recall(key(0)), 'zero', 'used now: it becomes the most recent');
  remember(key(MEMO_ENTRIES), 'one more');
  assert.equal(recall(key(1)), MISS, 'the least recently used went');
  assert.equal(recall(key(0)), 'zero');
  assert.equal(memoKey('exec', /x/, 'y'.repeat(MEMO_MAX_TEXT + 1)), undefined);
});
