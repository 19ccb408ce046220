/**
 * `str.format` with Python's format-spec mini-language. Expected texts are Python 3.11's (the
 * interpreter ansible-core 2.14.18 runs on here); what certbook does not implement must fail
 * with an error, never come back unformatted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TemplateError } from '../../src/template/errors.js';
import { renderTemplate } from '../../src/template/render.js';

const render = (template: string): unknown => renderTemplate(template, { nan: NaN, inf: Infinity });

test('fill, align, sign, zero padding, grouping, types and precision as Python', () => {
  const rows: Array<[string, string]> = [
    ["'{:>7}|{:<7}|{:^7}'.format('ab', 'cd', 'ef')", '     ab|cd     |  ef   '],
    ["'{:05d}|{:+d}|{: d}|{:-d}'.format(42, 42, 42, -42)", '00042|+42| 42|-42'],
    ["'{:=+8.2f}'.format(3.14159)", '+   3.14'],
    ["'{:08.3f}'.format(-3.14159)", '-003.142'],
    ["'{:,}|{:_}|{:,.2f}'.format(1234567, 1234567, 1234567.891)", '1,234,567|1_234_567|1,234,567.89'],
    ["'{:_x}|{:#b}|{:#o}|{:#X}'.format(3735928559, 5, 8, 255)", 'dead_beef|0b101|0o10|0XFF'],
    ["'{:c}'.format(65)", 'A'],
    ["'{:.2e}|{:E}|{:.0e}'.format(12345.678, 0.000123, 5.5)", '1.23e+04|1.230000E-04|6e+00'],
    ["'{:g}|{:g}|{:g}|{:.3g}|{:#g}'.format(100000.0, 1000000.0, 1.5, 3.14159, 1.0)", '100000|1e+06|1.5|3.14|1.00000'],
    ["'{:.2%}'.format(0.12345)", '12.35%'],
    ["'{}|{}|{}|{}'.format(1.0, 1e20, True, none)", '1.0|1e+20|True|None'],
    ["'{:10}|{:<10}|'.format(1.5, 7)", '       1.5|7         |'],
    ["'{:.3}|{:.3}'.format(1.0, 1234.5)", '1.0|1.23e+03'],
    ["'{:.2f}'.format(3)", '3.00'],
    ["'{:5}|'.format(true)", '    1|'],
    ["'{!r}|{!s}'.format('x', 'y')", "'x'|y"],
    ["'{:*<6}|{:0>4}'.format('ab', 7)", 'ab****|0007'],
    ["'{0}{1}{0}'.format('a', 'b')", 'aba'],
    ["'{a}-{b:>3}'.format(a='x', b='y')", 'x-  y'],
    ["'{:f}|{:F}'.format(inf, nan)", 'inf|NAN'],
    ["'{:n}|{:06}'.format(1234, -42)", '1234|-00042'],
    ["'{{}} {{{}}}'.format(1)", '{} {1}'],
  ];
  for (const [expr, expected] of rows) assert.equal(render(`={{ ${expr} }}`), `=${expected}`, expr);
});

test('what Python refuses, or certbook does not implement, is an error', () => {
  for (const expr of [
    "'{:d}'.format(3.5)",
    "'{:s}'.format(1)",
    "'{:+}'.format('a')",
    "'{:=5}'.format('a')",
    "'{:.2d}'.format(1)",
    "'{}'.format()",
    "'{0}{}'.format(1, 2)",
    "'{x}'.format(y=1)",
    "'{0.real}'.format(1)",
    "'{0[0]}'.format([1])",
    "'{:{w}}'.format(1, w=3)",
    "'{!a}'.format('x')",
    "'{'.format(1)",
    "'}'.format(1)",
    "'{:q}'.format(1)",
  ]) {
    assert.throws(() => render(`{{ ${expr} }}`), TemplateError, expr);
  }
});
