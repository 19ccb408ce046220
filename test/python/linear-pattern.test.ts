import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundedExec, RegexTimeLimitError } from '../../src/python/bounded-regex.js';
import { INLINE_TEXT_LIMIT, isInlineSafe } from '../../src/python/linear-pattern.js';

test('patterns with at most one unbounded quantifier and no quantified group run inline', () => {
  for (const source of ['^clock [0-9]+$', ' .*$', '^(k3s|rke2) ', '^\\S+ ', 'a{1,3}b+', '[*+]x+', '\\(a\\)+', 'v[0-9]\\.[0-9]{1,3}']) {
    assert.equal(isInlineSafe(source), true, source);
  }
});

test('patterns that can backtrack badly go to the worker', () => {
  for (const source of [
    '(a+)+$', // quantified group
    '(a|aa)*',
    '(?:ab)?c', // any quantified group, even a bounded one
    '.*a.*', // two unbounded quantifiers
    '[a-z]+x[0-9]+',
    'a{1,100}b*', // a large bounded repeat counts as unbounded
    'a{20}b+',
    '(\\w)\\1', // backreference
    '(?<n>a)\\k<n>',
    '(?=a)b+', // lookarounds
    '(?<!a)b',
    '[abc', // unreadable: not inline
  ]) {
    assert.equal(isInlineSafe(source), false, source);
  }
});

test('a catastrophic pattern is still stopped, on short and on long texts', () => {
  assert.throws(() => boundedExec(/^(a+)+$/, `${'a'.repeat(40)}!`), RegexTimeLimitError);
  // An inline-safe pattern over a text past the limit goes to the worker and still answers.
  const long = `${'x'.repeat(INLINE_TEXT_LIMIT)} clock 17`;
  assert.deepEqual(boundedExec(/clock ([0-9]+)$/, long)?.all, ['clock 17', '17']);
});
