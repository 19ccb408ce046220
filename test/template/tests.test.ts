/**
 * Jinja and Ansible tests (`is …`), with and without arguments, against ansible-core 2.14.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TemplateError, UndefinedVariableError } from '../../src/template/errors.js';
import { renderTemplate } from '../../src/template/render.js';

const vars = {
  ok: { failed: false, changed: true, rc: 0 },
  bad: { failed: true, changed: false },
  skipped_result: { skipped: true },
  lost: { changed: false, unreachable: true, msg: 'connection lost' },
  rc_only: { rc: 1 },
  looped: { results: [{ changed: false }, { changed: true }] },
  looped_quiet: { results: [{ changed: false }] },
};
const value = (expr: string): unknown => renderTemplate(`{{ ${expr} }}`, vars);

function table(name: string, rows: Array<[string, boolean]>): void {
  test(name, () => {
    for (const [expr, expected] of rows) assert.equal(value(expr), expected, expr);
  });
}

table('defined and undefined', [
  ['undefined_x is defined', false],
  ['undefined_x is undefined', true],
  ['ok is defined', true],
  ['ok.nope is defined', false],
  ['undefined_x.deeper is defined', false],
  ['ok.rc is not undefined', true],
  ['undefined_x is not defined', true],
]);

table('type tests (false, not an error, for undefined values)', [
  ["'x' is string", true],
  ['1 is number', true],
  ['true is number', true],
  ['1.5 is float', true],
  ['2 is integer', true],
  ['{} is mapping', true],
  ['[] is sequence', true],
  ["'x' is sequence", true],
  ['{} is sequence', true],
  ['{} is iterable', true],
  ['5 is iterable', false],
  ['none is none', true],
  ['[] is none', false],
  ['true is boolean', true],
  ['undefined_x is none', false],
  ['undefined_x is string', false],
  ['undefined_x is mapping', false],
]);

table('comparison and membership tests', [
  ['5 is eq 5', true],
  ['5 is equalto(5)', true],
  ['5 is ne 4', true],
  ['3 is gt 2', true],
  ['3 is ge(3)', true],
  ['2 is lt 3', true],
  ['2 is le 1', false],
  ['2 is in([1,2])', true],
  ["'a' is in('abc')", true],
  ['[1,2] is contains(2)', true],
  ['3 is divisibleby(3)', true],
  ['3 is divisibleby 2', false],
  ['3 is odd', true],
  ['3 is even', false],
  ["'a' is lower", true],
  ["'A' is upper", true],
  ['[1] is eq [1]', true],
  ['none is sameas none', true],
]);

table('regex tests: match anchors at the start, search and regex do not', [
  ["'abc' is match('b')", false],
  ["'abc' is match('a')", true],
  ["'abc' is search('b')", true],
  ["'abc' is regex('^a')", true],
  ["'abc' is match('A', ignorecase=true)", true],
  ["'k3s-server' is match('k3s')", true],
  ["'abc' is not search('z')", true],
  ["'abc' is regex('b', match_type='match')", false],
  ["'abc' is regex('abc', match_type='fullmatch')", true],
]);

table('result tests read registered results as ansible-core does', [
  ['ok is failed', false],
  ['ok is succeeded', true],
  ['ok is success', true],
  ['ok is changed', true],
  ['ok is skipped', false],
  ['bad is failed', true],
  ['bad is changed', false],
  ['skipped_result is skipped', true],
  ['rc_only is failed', false],
  ['looped is changed', true],
  ['looped_quiet is changed', false],
  ['bad is not succeeded', true],
  ['lost is unreachable', true],
  ['lost is reachable', false],
  ['ok is unreachable', false],
  ['skipped_result is reachable', true],
]);

table('version, set and truth tests', [
  ["'v1.28.5+k3s1' is version('v1.19.0', '>=')", true],
  ["'1.18.9' is version('1.19', '<')", true],
  ["'1.2.10' is version('1.2.9', '>')", true],
  ["'1.2.3-rc1' is version('1.2.3', '<', version_type='semver')", true],
  ["'1.2.3' is version('1.2.3', 'eq')", true],
  ['[1,2] is subset([1,2,3])', true],
  ['[1,2,3] is superset([1])', true],
  ['[true, false] is any', true],
  ['[true, false] is all', false],
  ["'yes' is truthy", true],
  ["'' is falsy", true],
  ["'no' is truthy(convert_bool=true)", false],
]);

test('result tests refuse what is not a registered result', () => {
  assert.throws(() => value("'x' is failed"), TemplateError);
});

test('other tests fail on undefined values, naming them', () => {
  assert.throws(
    () => value('undefined_x is odd'),
    (e: unknown) => e instanceof UndefinedVariableError && e.variable === 'undefined_x',
  );
  assert.throws(
    () => value('ok.nope is match("a")'),
    (e: unknown) => e instanceof UndefinedVariableError && e.variable === 'ok.nope',
  );
});
