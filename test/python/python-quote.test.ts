/**
 * The one Python quoting (src/python/python-quote.ts) against python3 itself, through both of
 * its users: the template engine (`repr`, `to_json`) and the output writers (`pythonRepr`,
 * `pythonJson`, `pythonJsonAscii`). The texts are the cases where the two copies certbook had
 * before disagreed (non-printable characters in repr, DEL with ensure_ascii, key order of
 * astral characters), and the plain ones around them.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { pythonJson, pythonJsonAscii, pythonRepr } from '../../src/python/python-values.js';
import { Budget, DEFAULT_LIMITS } from '../../src/template/limits.js';
import { pyJson } from '../../src/template/py-json.js';
import { pyRepr } from '../../src/template/py-text.js';

const TEXTS = [
  'plain',
  "it's",
  'say "hi"',
  `both ' and "`,
  'back\\slash',
  'tab\tnew\nline\rcr',
  '\x00\x1b\x7f',
  '\x85 next line',
  'no\xa0break',
  'zero\u200bwidth',
  'line\u2028sep',
  'bidi\u202e',
  '\ue000 private',
  'é ü ß 漢字',
  '😀 astral',
  '\u00ad soft hyphen',
  'unassigned \u0378',
  '\ufeff bom',
];
const KEYS = ['b', 'a', '\uffff', '😀', 'é', 'Z'];

/** What python3 says for every text: repr, json.dumps with and without ensure_ascii, and sorted keys. */
function python(): { repr: string[]; ascii: string[]; utf8: string[]; sorted: string } {
  const script = [
    'import json, sys',
    'texts, keys = json.load(sys.stdin)',
    'print(json.dumps({"repr": [repr(t) for t in texts], "ascii": [json.dumps(t) for t in texts],',
    '  "utf8": [json.dumps(t, ensure_ascii=False) for t in texts], "sorted": json.dumps({k: 1 for k in keys}, sort_keys=True)}))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify([TEXTS, KEYS]), encoding: 'utf8' })) as never;
}

const expected = python();
const budget = (): Budget => new Budget(DEFAULT_LIMITS);

test("repr of text is python3's, in templates and in output alike", () => {
  assert.deepEqual(
    TEXTS.map((t) => pyRepr(t)),
    expected.repr,
  );
  assert.deepEqual(
    TEXTS.map((t) => pythonRepr(t)),
    expected.repr,
  );
});

test("json.dumps with ensure_ascii is python3's (to_json, the diff serialiser)", () => {
  assert.deepEqual(
    TEXTS.map((t) => pyJson(t, {}, budget())),
    expected.ascii,
  );
  assert.deepEqual(
    TEXTS.map((t) => pythonJsonAscii(t)),
    expected.ascii,
  );
});

test("json.dumps without ensure_ascii is python3's (the callbacks, ansible-inventory)", () => {
  assert.deepEqual(
    TEXTS.map((t) => pyJson(t, { ensureAscii: false }, budget())),
    expected.utf8,
  );
  assert.deepEqual(
    TEXTS.map((t) => pythonJson(t)),
    expected.utf8,
  );
});

test('sort_keys orders keys by code point, as python3 does', () => {
  const keys = Object.fromEntries(KEYS.map((k) => [k, 1]));
  assert.equal(pyJson(keys, { sortKeys: true }, budget()), expected.sorted);
  assert.equal(pythonJsonAscii(keys), expected.sorted);
});
