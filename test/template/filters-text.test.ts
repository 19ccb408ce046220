/**
 * Encoding filters (JSON, YAML, base64, shell quoting, paths, hashes, regular expressions,
 * datetimes) against ansible-core 2.14's results for the same expressions.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { parse } from 'yaml';
import { TemplateError } from '../../src/template/errors.js';
import { renderTemplate } from '../../src/template/render.js';

const value = (expr: string, vars: Record<string, unknown> = {}): unknown => renderTemplate(`{{ ${expr} }}`, vars);

function table(name: string, rows: Array<[string, unknown]>): void {
  test(name, () => {
    for (const [expr, expected] of rows) assert.deepEqual(value(expr), expected, expr);
  });
}

table('to_json / to_nice_json / from_json', [
  ["{'a':1,'b':[1,2],'c':'é'} | to_json", '{"a": 1, "b": [1, 2], "c": "\\u00e9"}'],
  ["{'x': 'é'} | to_json(ensure_ascii=false)", '{"x": "é"}'],
  ["[1, {'a': []}] | to_json(indent=2)", '[\n  1,\n  {\n    "a": []\n  }\n]'],
  ["{'b':1,'a':2} | to_nice_json", '{\n    "a": 2,\n    "b": 1\n}'],
  ['\'{"a": [1, 2.5, null, true]}\' | from_json', { a: [1, 2.5, null, true] }],
  ["'[1, 2]' | from_json", [1, 2]],
]);

table('base64', [
  ["'hello' | b64encode", 'aGVsbG8='],
  ["'aGVsbG8=' | b64decode", 'hello'],
  ["'é' | b64encode", 'w6k='],
  ["'abc' | b64encode | b64decode", 'abc'],
]);

table('quote is shlex.quote', [
  ['"it\'s a $HOME" | quote', "'it'\"'\"'s a $HOME'"],
  ["'simple' | quote", 'simple'],
  ["'' | quote", "''"],
  ["'a b' | quote", "'a b'"],
  ['5 | quote', '5'],
  ['none | quote', "''"],
  ["'/etc/k3s/x.crt' | quote", '/etc/k3s/x.crt'],
  ["'$(reboot)' | quote", "'$(reboot)'"],
]);

test('quote makes any text a single shell word that echoes back unchanged', () => {
  for (const text of ["it's", 'a b', '$(id)', '`id`', 'x;rm -rf /', '"q"', '\\', 'tab\there', 'new\nline', '', 'ünï']) {
    const quoted = renderTemplate('{{ text | quote }}', { text }) as string;
    assert.equal(execFileSync('/bin/sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' }), text);
  }
});

table('paths', [
  ["'/etc/k3s/x.crt' | basename", 'x.crt'],
  ["'/etc/k3s/x.crt' | dirname", '/etc/k3s'],
  ["'/etc/k3s/' | basename", ''],
  ["'x' | dirname", ''],
  ["'/a/b/' | dirname", '/a/b'],
  ["'/' | dirname", '/'],
]);

table('hashes and regex_escape', [
  ["'hello' | hash('sha256')", '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'],
  ["'hello' | hash('md5')", '5d41402abc4b2a76b9719d911017c592'],
  ["'hello' | checksum", 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'],
  ["'a.b*c' | regex_escape", 'a\\.b\\*c'],
]);

table('regex_search, regex_findall, regex_replace (Python patterns and replacements)', [
  ["'abc123def' | regex_search('[0-9]+')", '123'],
  ["'abc' | regex_search('[0-9]+')", null],
  ["'abc123def456' | regex_search('([a-z]+)([0-9]+)', '\\2')", ['123']],
  ["'abc123def456' | regex_search('(?P<w>[a-z]+)', '\\g<w>')", ['abc']],
  ["'ABC' | regex_search('abc', ignorecase=true)", 'ABC'],
  ["'abc123def456' | regex_findall('[0-9]+')", ['123', '456']],
  [
    "'abc123def456' | regex_findall('([a-z]+)([0-9]+)')",
    [
      ['abc', '123'],
      ['def', '456'],
    ],
  ],
  ["'abc123' | regex_replace('[0-9]', 'X')", 'abcXXX'],
  ["'abc123' | regex_replace('([a-z]+)([0-9]+)', '\\2-\\1')", '123-abc'],
  ["'abc123' | regex_replace('(?P<x>[a-z]+)', '<\\g<x>>')", '<abc>123'],
  ["'aaa' | regex_replace('a', 'b', count=2)", 'bba'],
  ["'abc' | regex_search('\\w+')", 'abc'],
  ["'x.y' | regex_replace('\\.', '-')", 'x-y'],
  ["'ab' | regex_replace('^', '$')", '$ab'],
]);

test('regex_replace with multiline anchors each line', () => {
  assert.equal(renderTemplate("{{ text | regex_replace('^l', 'L', multiline=true) }}", { text: 'line1\nline2' }), 'Line1\nLine2');
});

test('to_yaml and to_nice_yaml write YAML that reads back as the same data', () => {
  const data = { a: 1, b: [1, 2], c: { d: 'e', f: [{ g: 'h' }] }, s: 'multi\nline' };
  // PyYAML's layout for to_yaml: leaf collections inline, sequences not indented under their key.
  const { s: _multiline, ...simple } = data;
  assert.equal(value('simple | to_yaml', { simple }), 'a: 1\nb: [1, 2]\nc:\n  d: e\n  f:\n  - {g: h}\n');
  for (const filter of ['to_yaml', 'to_nice_yaml']) assert.deepEqual(parse(value(`data | ${filter}`, { data }) as string), data, filter);
  assert.equal(value("'x' | to_yaml"), 'x\n');
});

test('from_yaml: yes/no are booleans (YAML 1.1)', () => {
  assert.deepEqual(value('text | from_yaml', { text: 'a: yes\nb: [1, 2]' }), { a: true, b: [1, 2] });
});

test('to_datetime and datetime arithmetic for certificate expiry', () => {
  const vars = { not_after: '20300101000000Z', now: '2029-12-01 12:00:00' };
  assert.equal(value("((not_after | to_datetime('%Y%m%d%H%M%SZ')) - (now | to_datetime)).days", vars), 30);
  assert.equal(value("(('2024-02-01' | to_datetime('%Y-%m-%d')) - ('2024-01-01 12:00:00' | to_datetime)).total_seconds()"), 2635200);
  assert.equal(renderTemplate("{{ '2024-01-31 10:00:00' | to_datetime }}", {}) instanceof Date, true);
  assert.equal(renderTemplate("x {{ '2024-01-31 10:00:00' | to_datetime }}", {}), 'x 2024-01-31 10:00:00');
  assert.equal(
    renderTemplate("{{ ('2024-02-01' | to_datetime('%Y-%m-%d')) - ('2024-01-01' | to_datetime('%Y-%m-%d')) }} left", {}),
    '31 days, 0:00:00 left',
  );
  assert.equal(value("('Jan  1 00:00:00 2030 GMT' | to_datetime('%b %d %H:%M:%S %Y %Z')).year"), 2030);
  assert.equal(value("('2030-01-01 00:00:00' | to_datetime) > ('2029-12-31 23:59:59' | to_datetime)"), true);
  assert.throws(() => value("'2030-13-01' | to_datetime('%Y-%m-%d')"), TemplateError);
  assert.throws(() => value("'not a date' | to_datetime"), TemplateError);
});

test('bad input to encoding filters is a template error', () => {
  assert.throws(() => value("'{nope' | from_json"), TemplateError);
  assert.throws(() => value("'x' | hash('sha3')"), TemplateError);
  assert.throws(() => value("'x' | regex_search('(')"), TemplateError);
  assert.throws(() => value('5 | from_json'), TemplateError);
});
