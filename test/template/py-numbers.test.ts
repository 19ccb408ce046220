/**
 * Python's int and float kept apart through templates (src/python/py-number.ts): whole floats
 * print as `1.0`, ints never lose digits, and each operator and filter gives Python's type.
 * Expected texts were checked with ansible-playbook 2.14.18 (`debug: msg="={{ … }}"`).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { floatRepr, PyFloat } from '../../src/python/py-number.js';
import { evaluateCondition } from '../../src/template/condition.js';
import { TemplateError, TemplateLimitError } from '../../src/template/errors.js';
import { renderTemplate } from '../../src/template/render.js';

const vars = { f: new PyFloat(1), big: 123456789012345678901234567890n, half: 0.5, n: 7 };
const text = (expr: string): unknown => renderTemplate(`={{ ${expr} }}`, vars);

test("floatRepr writes floats as Python's repr does", () => {
  const cases: Array<[number, string]> = [
    [1, '1.0'],
    [0.1, '0.1'],
    [1e20, '1e+20'],
    [1e-5, '1e-05'],
    [1.5e16, '1.5e+16'],
    [1e16, '1e+16'],
    [9999999999999998, '9999999999999998.0'],
    [0.0001, '0.0001'],
    [123456789.123, '123456789.123'],
    [-0, '-0.0'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [NaN, 'nan'],
    [2.5e-7, '2.5e-07'],
  ];
  for (const [n, repr] of cases) assert.equal(floatRepr(n), repr, String(n));
});

test('the type of a result follows Python: / is a float, // and % keep ints, one float makes a float', () => {
  const rows: Array<[string, string]> = [
    ['10 / 2', '=5.0'],
    ['7 // 2', '=3'],
    ['7.0 // 2', '=3.0'],
    ['-7 // 2', '=-4'],
    ['-7 % 3', '=2'],
    ['7 % -3', '=-2'],
    ['10 % 3.0', '=1.0'],
    ['2 ** 10', '=1024'],
    ['2 ** -1', '=0.5'],
    ['f * 2', '=2.0'],
    ['half * 4', '=2.0'],
    ['-f', '=-1.0'],
    ['-0.0', '=-0.0'],
    ['n + True', '=8'],
  ];
  for (const [expr, expected] of rows) assert.equal(text(expr), expected, expr);
});

test('ints beyond 2^53 keep every digit through arithmetic and comparisons', () => {
  assert.equal(text('big + 1'), '=123456789012345678901234567891');
  assert.equal(text('big * big'), '=15241578753238836750495351562536198787501905199875019052100');
  assert.equal(text('2 ** 100'), '=1267650600228229401496703205376');
  assert.equal(text('big // 7'), '=17636684144620811271604938270');
  assert.equal(text('big % 7'), '=0');
  assert.equal(text("'123456789012345678901234567891' | int - big"), '=1');
  assert.equal(renderTemplate('{{ big + 1 > big }}', vars), true);
  assert.equal(renderTemplate('{{ big == 123456789012345678901234567890.0 }}', vars), true);
  assert.equal(renderTemplate('{{ (big + 1) | to_json }}', vars), '123456789012345678901234567891');
});

test('integer literals beyond 2^53 in a template keep every digit', () => {
  assert.equal(text('123456789012345678901234567890'), '=123456789012345678901234567890');
  assert.equal(text('-123456789012345678901234567890 + 1'), '=-123456789012345678901234567889');
  assert.equal(text('5 -123456789012345678901234567890'), '=-123456789012345678901234567885');
  assert.equal(text('[9007199254740993, 2]'), '=[9007199254740993, 2]');
  assert.equal(renderTemplate('{{ 9007199254740993 == 9007199254740992 }}', vars), false);
});

test('filters give the type Python gives', () => {
  assert.deepEqual(renderTemplate('{{ 3.7 | round }}', vars), new PyFloat(4));
  assert.equal(renderTemplate('{{ 3 | round }}', vars), 3);
  assert.deepEqual(renderTemplate('{{ 42 | float }}', vars), new PyFloat(42));
  assert.equal(renderTemplate('{{ 1e20 | int }}', vars), 100000000000000000000n);
  assert.deepEqual(renderTemplate('{{ [1, 2.0] | sum }}', vars), new PyFloat(3));
  assert.equal(renderTemplate('{{ [1, 2] | sum }}', vars), 3);
  assert.equal(renderTemplate('{{ f is float }} {{ f is integer }} {{ big is integer }} {{ 1 is float }}', vars), 'True False True False');
  assert.equal(renderTemplate("{{ {'a': 1.0, 'b': 1e20, 'c': 0.5} | to_json }}", vars), '{"a": 1.0, "b": 1e+20, "c": 0.5}');
  assert.equal(renderTemplate("{{ {'a': 1.0, 'b': 1e20} | to_yaml }}", vars), '{a: 1.0, b: 1.0e+20}\n');
});

test('whole floats are still numbers everywhere a number is used', () => {
  assert.equal(renderTemplate('{{ f == 1 }} {{ f < 2 }} {{ [10, 20][f | int] }} {{ f and 1 }}', vars), 'True True 20 1');
  assert.equal(renderTemplate("{{ '%d|%.1f|%s' % (f, n, f) }}", vars), '1|7.0|1.0');
  assert.equal(renderTemplate('{{ 0.0 | bool }} {{ not 0.0 }} {{ 1.0 | bool }}', vars), 'False True True');
  assert.equal(evaluateCondition(new PyFloat(0), vars), false);
  assert.equal(evaluateCondition(vars.big, vars), true);
});

test('runaway int arithmetic is refused by the budget, float overflow as Python', () => {
  assert.throws(() => renderTemplate('{{ 9 ** 99999999 }}', vars), TemplateLimitError);
  assert.throws(() => renderTemplate('{{ 10.0 ** 400 }}', vars), TemplateError);
  assert.throws(() => renderTemplate('{{ 1 // 0 }}', vars), /integer division or modulo by zero/);
  assert.throws(() => renderTemplate('{{ 1.0 / 0 }}', vars), /float division by zero/);
});
