/**
 * The Python behaviours the inventory copies: fnmatch globs, string order, int(), json.dumps
 * and repr. Expected values were produced with Python 3.11.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globToRegExp } from '../../src/inventory/python-fnmatch.js';
import { compareCodePoints, parsePythonInt } from '../../src/python/python-text.js';
import { pythonJson, pythonRepr, pythonStr } from '../../src/python/python-values.js';
import { UnsafeText } from '../../src/python/unsafe-text.js';

const NAMES = [
  'web01',
  'db.example.com',
  'na',
  'ax',
  'bx',
  'dx',
  '-x',
  ']x',
  'wb',
  'web',
  'x.y',
  'xxy',
  'a+b',
  'aab',
  '^x',
  '[',
  'a[b',
  'web\\1',
];
const GLOBS: Record<string, string[]> = {
  'web*': ['web01', 'web', 'web\\1'],
  '*.example.com': ['db.example.com'],
  'n?': ['na'],
  '[abc]x': ['ax', 'bx'],
  '[!a]x': ['bx', 'dx', '-x', ']x', '^x'],
  '[a-c]x': ['ax', 'bx'],
  '[c-a]x': [],
  '[]]x': [']x'],
  '[!]]x': ['ax', 'bx', 'dx', '-x', '^x'],
  '[a-]x': ['ax', '-x'],
  '[-a]x': ['ax', '-x'],
  'w*b*': ['web01', 'wb', 'web', 'web\\1'],
  'web[0-9][0-9]': ['web01'],
  '*': NAMES,
  '[': ['['],
  'a[b': ['a[b'],
  'web\\1': ['web\\1'],
  'x.y': ['x.y'],
  '[^a]x': ['ax', '^x'],
  'a+b': ['a+b'],
};

describe('fnmatch.translate', () => {
  for (const [glob, matches] of Object.entries(GLOBS)) {
    it(glob, () => {
      const re = globToRegExp(glob);
      assert.deepEqual(
        NAMES.filter((n) => re.test(n)),
        matches,
      );
    });
  }
});

describe('Python text', () => {
  it('orders by code point', () => {
    // UTF-16 order puts U+1F600 (a surrogate pair) before U+FF5E; Python does not.
    assert.deepEqual(['😀', '～', 'b', 'B', 'a'].sort(compareCodePoints), ['B', 'a', 'b', '～', '😀']);
  });
  it('int()', () => {
    assert.equal(parsePythonInt(' 42 '), 42);
    assert.equal(parsePythonInt('-1_000'), -1000);
    assert.equal(parsePythonInt('+7'), 7);
    assert.equal(parsePythonInt('1.0'), undefined);
    assert.equal(parsePythonInt('0x1f'), undefined);
    assert.equal(parsePythonInt('1__0'), undefined);
  });
});

describe('json.dumps(sort_keys=True, indent=4, ensure_ascii=False)', () => {
  it('matches Python', () => {
    const value = { b: [1, 2.5, true, null, {}], a: 'é\t"\\\u0001', c: [], d: { z: 1e-7, y: 0.0001 }, e: new UnsafeText('{{ x }}') };
    const python =
      '{\n    "a": "é\\t\\"\\\\\\u0001",\n    "b": [\n        1,\n        2.5,\n        true,\n        null,\n        {}\n    ],\n    "c": [],\n    "d": {\n        "y": 0.0001,\n        "z": 1e-07\n    },\n    "e": {\n        "__ansible_unsafe": "{{ x }}"\n    }\n}';
    assert.equal(pythonJson(value, 4, { unsafe: 'marked' }), python);
  });
  it('writes non-finite numbers as Python does', () => {
    assert.equal(pythonJson([Infinity, -Infinity, NaN], 0), '[\nInfinity,\n-Infinity,\nNaN\n]');
  });
});

describe('str() and repr()', () => {
  it('matches Python', () => {
    assert.equal(pythonStr('plain'), 'plain');
    assert.equal(
      pythonStr(['a', "b'c", 'd"e', `f'g"h`, 1, 2.5, true, null, { k: 'v' }]),
      `['a', "b'c", 'd"e', 'f\\'g"h', 1, 2.5, True, None, {'k': 'v'}]`,
    );
    assert.equal(pythonRepr('tab\tnl\nbell\u0007 nbsp\u00a0 é ✓'), "'tab\\tnl\\nbell\\x07 nbsp\\xa0 é ✓'");
    assert.equal(pythonStr({ small: 1.5e-5 }), "{'small': 1.5e-05}");
    assert.equal(pythonStr(new UnsafeText('{{ x }}')), '{{ x }}');
  });
});
