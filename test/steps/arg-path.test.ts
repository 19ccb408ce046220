/** Paths inside step arguments: parsed from ajv pointers, formatted for messages, templates spotted. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPath, isTemplateString, parseInstancePath, valueAt } from '../../src/validate/arg-path.js';

test('a pointer becomes keys and list indexes, told apart by the data', () => {
  const data = { argv: ['a', 'b'], env: { '0': 'zero' }, 'a/b': { '~x': 1 } };
  assert.deepEqual(parseInstancePath('', data), []);
  assert.deepEqual(parseInstancePath('/argv/1', data), ['argv', 1]);
  assert.deepEqual(parseInstancePath('/env/0', data), ['env', '0'], 'a digit key of a mapping stays a string');
  assert.deepEqual(parseInstancePath('/a~1b/~0x', data), ['a/b', '~x'], 'JSON pointer escapes are decoded');
  assert.equal(valueAt(data, ['argv', 1]), 'b');
  assert.equal(valueAt(data, ['env', '0']), 'zero');
  assert.equal(valueAt(data, ['argv', 5]), undefined);
  assert.equal(valueAt(data, ['argv', 'length']), undefined, 'only own entries are values');
});

test('paths read as a user writes them', () => {
  assert.equal(formatPath([]), 'the arguments');
  assert.equal(formatPath(['valid_at', 'soon']), 'valid_at.soon');
  assert.equal(formatPath(['rows', 0, 'a']), 'rows[0].a');
});

test('template strings are recognised by their delimiters only', () => {
  for (const text of ['{{ port }}', 'x{{y}}z', '{% if a %}b{% endif %}']) assert.equal(isTemplateString(text), true, text);
  for (const value of ['plain', '{ not: a template }', 6443, null, ['{{ x }}']])
    assert.equal(isTemplateString(value), false, String(value));
});
