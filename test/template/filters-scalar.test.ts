/**
 * Scalar filters against the values ansible-core 2.14 gives for the same expressions
 * (checked with `ansible localhost -m debug` / the Templar while writing these tables).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PyFloat } from '../../src/python/py-number.js';
import { TemplateError, UndefinedVariableError } from '../../src/template/errors.js';
import { renderTemplate } from '../../src/template/render.js';

const vars = { empty: '', nothing: null, zero: 0, word: 'AbC' };
const value = (expr: string): unknown => renderTemplate(`{{ ${expr} }}`, vars);

function table(name: string, rows: Array<[string, unknown]>): void {
  test(name, () => {
    for (const [expr, expected] of rows) assert.deepEqual(value(expr), expected, expr);
  });
}

table('default and d', [
  ["undefined_x | default('d')", 'd'],
  ["empty | default('d')", ''],
  ["empty | default('d', true)", 'd'],
  ["empty | d('d', true)", 'd'],
  ["nothing | default('d')", null],
  ["nothing | default('d', true)", 'd'],
  ['zero | default(5, boolean=true)', 5],
  ['undefined_x.deeper | default(1)', 1],
  ['undefined_x | default', ''],
]);

table('length and count', [
  ['[1,2,3] | length', 3],
  ["'abc' | count", 3],
  ["{'a':1} | length", 1],
  ["'héllo' | length", 5],
]);

table('int', [
  ["'42' | int", 42],
  ["'42.7' | int", 42],
  ["'x' | int", 0],
  ["'x' | int(7)", 7],
  ["'0x1A' | int(0, 16)", 26],
  ["'0x1A' | int(base=16)", 26],
  ["'1A' | int(base=16)", 26],
  ['3.9 | int', 3],
  ['-3.7 | int', -3],
  ['true | int', 1],
  ["' 12 ' | int", 12],
  ["'1_000' | int", 1000],
  ["'0b101' | int(base=0)", 5],
  ["'1e3' | int", 1000],
]);

table('float', [
  ["'1e3' | float", new PyFloat(1000)],
  ["'x' | float", 0],
  ['5 | float', new PyFloat(5)],
  ["'3.5e2' | float", new PyFloat(350)],
  ["' 2.5 ' | float", 2.5],
]);

table('string', [
  ['5 | string', '5'],
  ['true | string', 'True'],
  ['none | string', 'None'],
  ["[1,'a'] | string", "[1, 'a']"],
]);

table("bool (Ansible's reading of yes/no/on/off/1/0/true/false)", [
  ["'yes' | bool", true],
  ["'On' | bool", true],
  ["'TRUE' | bool", true],
  ["'1' | bool", true],
  ['1 | bool', true],
  ["'0' | bool", false],
  ["'n' | bool", false],
  ["'no' | bool", false],
  ["'garbage' | bool", false],
  ['2 | bool', false],
  ['0.0 | bool', false],
  ['none | bool', null],
  ['true | bool', true],
]);

table('case and whitespace', [
  ['word | lower', 'abc'],
  ['word | upper', 'ABC'],
  ['true | lower', 'true'],
  ["'hello world' | capitalize", 'Hello world'],
  ["'hello world' | title", 'Hello World'],
  ["'  x y  ' | trim", 'x y'],
  ["'xxhixx' | trim('x')", 'hi'],
]);

table('replace', [
  ["'aaa' | replace('a','b')", 'bbb'],
  ["'aaa' | replace('a','b', 2)", 'bba'],
  ["'a b' | replace(' ', '')", 'ab'],
  ["'abc' | replace('', '-')", '-a-b-c-'],
]);

table('abs and round (half to even, as Python)', [
  ['-3 | abs', 3],
  ['-2.5 | abs', 2.5],
  ['2.5 | round', new PyFloat(2)],
  ['3.5 | round', new PyFloat(4)],
  ['-2.5 | round', new PyFloat(-2)],
  ['2.567 | round(2)', 2.57],
  ["2.5 | round(0, 'floor')", new PyFloat(2)],
  ["2.1 | round(0, 'ceil')", new PyFloat(3)],
  ['7 | round', 7],
  ['12345 | round(-2)', 12300],
  ['-3.0 | abs', new PyFloat(3)],
]);

table('ternary', [
  ["true | ternary('y','n')", 'y'],
  ["false | ternary('y','n')", 'n'],
  ["none | ternary('y','n','null')", 'null'],
  ["(undefined_x is defined) | ternary(undefined_x, 'fallback')", 'fallback'],
]);

table('type_debug, format and indent', [
  ["'x' | type_debug", 'str'],
  ['[1] | type_debug', 'list'],
  ['{} | type_debug', 'dict'],
  ['1.5 | type_debug', 'float'],
  ['none | type_debug', 'NoneType'],
  ["'%.2f' | format(3.14159)", '3.14'],
  ["'%s and %s' | format('a', 'b')", 'a and b'],
  ["'%-5s|' | format('ab')", 'ab   |'],
  ["'%5s|' | format('ab')", '   ab|'],
]);

test('indent indents every line but the first and blank ones', () => {
  assert.equal(renderTemplate('{{ text | indent(2) }}', { text: 'a\nb\n\nc' }), 'a\n  b\n\n  c');
  assert.equal(renderTemplate('{{ text | indent(2, true) }}', { text: 'a\nb' }), '  a\n  b');
});

test('percent formatting with the % operator', () => {
  assert.equal(value("'%s-%02d' % ('a', 3)"), 'a-03');
  assert.equal(value("'%(h)s:%(p)d' % {'h': 'x', 'p': 6443}"), 'x:6443');
  assert.equal(value("'%x %X %o' % (255, 255, 8)"), 'ff FF 10');
  assert.equal(value("'%e' % 12345.678"), '1.234568e+04');
  assert.equal(value("'%+d' % 5"), '+5');
  assert.equal(value("'%s' % [1, 'a']"), "[1, 'a']");
  assert.throws(() => value("'%s %s' % ('a',)"), TemplateError);
});

test('mandatory fails on an undefined value and passes others through', () => {
  assert.equal(value("'x' | mandatory"), 'x');
  assert.throws(
    () => value('missing_var | mandatory'),
    (e: unknown) => e instanceof UndefinedVariableError && e.variable === 'missing_var',
  );
});
