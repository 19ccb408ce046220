/**
 * evaluateCondition: `when`, `changed_when`, `failed_when`, `until`, as ansible-core 2.14
 * evaluates them (checked against its Conditional class), except that rendered text is never
 * evaluated as code a second time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UnsafeText } from '../../src/python/unsafe-text.js';
import { evaluateCondition } from '../../src/template/condition.js';
import { TemplateError, TemplateSyntaxError, UndefinedVariableError } from '../../src/template/errors.js';

const vars = {
  result: { rc: 0, stdout: 'active', failed: false, changed: true },
  s_false: 'false',
  s_true: 'True',
  s_yes: 'yes',
  empty: '',
  nums: [],
  n: 0,
  one: 1,
  lazy_false: '{{ false }}',
  flag: 'no',
};
const holds = (condition: unknown): boolean => evaluateCondition(condition, vars);

test('booleans, nothing and numbers', () => {
  assert.equal(holds(true), true);
  assert.equal(holds(false), false);
  assert.equal(holds(null), true);
  assert.equal(holds(undefined), true);
  assert.equal(holds(''), true);
  assert.equal(holds(0), false);
  assert.equal(holds(1), true);
});

test('bare expressions use Python truthiness', () => {
  assert.equal(holds('result.rc == 0'), true);
  assert.equal(holds("result.stdout == 'inactive'"), false);
  assert.equal(holds('result is changed and not result.failed'), true);
  assert.equal(holds('nums'), false);
  assert.equal(holds('empty'), false);
  assert.equal(holds('n'), false);
  assert.equal(holds('lazy_false'), false);
  assert.equal(holds("'active' in result.stdout"), true);
  assert.equal(holds('True'), true);
  assert.equal(holds('1'), true);
  assert.equal(holds('0'), false);
});

test("as in Ansible, a bare string variable is truthy even when it says 'false'; | bool reads it", () => {
  assert.equal(holds('s_false'), true);
  assert.equal(holds('s_false | bool'), false);
  assert.equal(holds('flag | bool'), false);
});

test('a list holds when every item holds', () => {
  assert.equal(holds(['result.rc == 0', 'one == 1']), true);
  assert.equal(holds(['result.rc == 0', 'one == 2']), false);
  assert.equal(holds([]), true);
  assert.equal(holds([true, 'one']), true);
});

test('a {{ }}-wrapped condition is accepted: typed values by truthiness, literal strings as Ansible reads them', () => {
  assert.equal(holds('{{ s_false }}'), false);
  assert.equal(holds('{{ s_true }}'), true);
  assert.equal(holds('{{ n }}'), false);
  assert.equal(holds('{{ nums }}'), false);
  assert.equal(holds('{{ result.rc == 0 }}'), true);
  assert.equal(holds('{{ empty }}'), false);
  assert.throws(() => holds('{{ s_yes }}'), TemplateError);
});

test('rendered text is never evaluated as an expression', () => {
  assert.throws(() => holds('{{ result.stdout }}'), TemplateError);
  assert.throws(() => holds("{{ 'x' }} == 'x'"), TemplateError);
  assert.throws(() => holds(new UnsafeText('true')), TemplateError);
});

test('undefined variables and syntax errors throw', () => {
  assert.throws(
    () => holds('missing == 1'),
    (e: unknown) => e instanceof UndefinedVariableError && e.variable === 'missing',
  );
  assert.equal(holds('missing is defined'), false);
  assert.equal(holds('missing | default(true)'), true);
  assert.throws(() => holds('result.rc =='), TemplateSyntaxError);
  assert.throws(() => holds(' '), TemplateSyntaxError);
  assert.throws(() => holds({ a: 1 }), TemplateError);
});
