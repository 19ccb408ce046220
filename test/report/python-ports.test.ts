import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pythonJsonAscii, pythonStr } from '../../src/python/python-values.js';
import { formatDiff } from '../../src/report/diff-text.js';
import { splitLinesKeepEnds, unifiedDiff } from '../../src/report/python-difflib.js';
import { pythonWrap } from '../../src/report/python-textwrap.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'ansible-output', 'reporter');
const load = <T>(name: string): T => JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as T;

test('textwrap.wrap: the lines Python 3.11 gives (hyphens, em-dashes, tabs, long words)', () => {
  const cases = load<Array<{ text: string; width: number; lines: string[] }>>('textwrap-cases.json');
  assert.ok(cases.length >= 9);
  for (const c of cases) assert.deepEqual(pythonWrap(c.text, c.width), c.lines, c.text);
});

test('difflib.unified_diff: the hunks Python gives, also with popular lines in long files', () => {
  const cases = load<Array<{ before: string; after: string; lines: string[] }>>('difflib-cases.json');
  assert.ok(cases.length >= 41);
  for (const c of cases)
    assert.deepEqual(unifiedDiff(splitLinesKeepEnds(c.before), splitLinesKeepEnds(c.after), 'before', 'after'), c.lines);
});

test("splitlines keeps \\r\\n together and knows Python's other line breaks", () => {
  assert.deepEqual(splitLinesKeepEnds('a\r\nb\rc\u2028d\n\ne'), ['a\r\n', 'b\r', 'c\u2028', 'd\n', '\n', 'e']);
  assert.deepEqual(splitLinesKeepEnds(''), []);
});

test('diffs of mappings compare their JSON; identical sides print nothing; binary notes', () => {
  const text = formatDiff({ before: { a: 1, b: 'é' }, after: { a: 2, b: 'é' } });
  assert.ok(text.includes('-    "a": 1,\n+    "a": 2,\n'));
  assert.ok(text.includes('"\\u00e9"'));
  assert.equal(formatDiff({ before: 'same\n', after: 'same\n' }), '');
  assert.equal(formatDiff({ dst_binary: 1 }), 'diff skipped: destination file appears to be binary\n');
});

test('str() of loop labels as Python prints them', () => {
  assert.equal(pythonStr({ name: 'a', n: 1, t: true, z: null }), "{'name': 'a', 'n': 1, 't': True, 'z': None}");
  assert.equal(pythonStr(["it's", 'say "hi"', 'both \' "', 'tab\t\n', '\x1b']), `["it's", 'say "hi"', 'both \\' "', 'tab\\t\\n', '\\x1b']`);
  assert.equal(pythonStr('plain'), 'plain');
  assert.equal(pythonJsonAscii({ a: 'é😀' }), '{"a": "\\u00e9\\ud83d\\ude00"}');
});
