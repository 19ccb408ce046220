/**
 * Bounded work: templates that would hang or exhaust memory stop with a clear
 * TemplateLimitError (or a syntax error for absurd nesting) well before doing so.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TemplateError, TemplateLimitError, TemplateSyntaxError } from '../../src/template/errors.js';
import { DEFAULT_LIMITS } from '../../src/template/limits.js';
import { renderTemplate } from '../../src/template/render.js';
import { Scope } from '../../src/template/scope.js';

function limitHit(template: string, vars: Record<string, unknown> = {}, options = {}): string {
  // CPU time, not wall time: a busy machine must not fail it, a template that runs away does.
  const cpuBefore = process.cpuUsage();
  try {
    renderTemplate(template, vars, options);
  } catch (error) {
    const cpu = process.cpuUsage(cpuBefore);
    const ms = Math.round((cpu.user + cpu.system) / 1000);
    assert.ok(ms < 5000, `${template} took ${ms} ms of CPU to fail`);
    if (error instanceof TemplateLimitError) return error.limit;
    throw error;
  }
  assert.fail(`${template} rendered without hitting a limit`);
}

test('huge lists are refused before they are built', () => {
  assert.equal(limitHit('{{ range(10**9) | list }}'), 'maxItems');
  assert.equal(limitHit('{% for i in range(10**9) %}{% endfor %}'), 'maxItems');
  assert.equal(limitHit('{{ [1, 2] * 10**8 }}'), 'maxItems');
});

test('huge strings are refused before they are built', () => {
  assert.equal(limitHit("{{ 'x' * 10**9 }}"), 'maxOutputChars');
  assert.equal(limitHit("{{ 'abc' | replace('', 'x' * 4000000) }}"), 'maxOutputChars');
  assert.equal(
    limitHit("{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"),
    'maxOutputChars',
  );
  assert.equal(limitHit("{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}"), 'maxOutputChars');
});

test('shared references cannot blow up serialisation (a billion laughs in lists)', () => {
  const template =
    '{% set a = ["xxxxxxxxxx"] * 10 %}{% set b = [a] * 10 %}{% set c = [b] * 10 %}{% set d = [c] * 10 %}' +
    '{% set e = [d] * 10 %}{% set f = [e] * 10 %}{% set g = [f] * 10 %}{{ g | to_json }}';
  assert.ok(['maxOutputChars', 'maxSteps'].includes(limitHit(template)));
});

test('nested loops stop at the step bound', () => {
  assert.equal(
    limitHit('{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}{% endfor %}{% endfor %}{% endfor %}'),
    'maxSteps',
  );
});

test('lazy variables that double at every level are bounded by output size, not exponential time', () => {
  const vars: Record<string, string> = { v0: 'xxxxxxxx' };
  for (let i = 1; i <= 40; i++) vars[`v${i}`] = `{{ v${i - 1} ~ v${i - 1} }}`;
  assert.equal(limitHit('{{ v40 }}', vars), 'maxOutputChars');
});

test('absurd nesting is a clean error, not a stack overflow', () => {
  const deep = `{{ ${'('.repeat(5000)}1${')'.repeat(5000)} }}`;
  assert.throws(() => renderTemplate(deep, {}), TemplateSyntaxError);
  assert.throws(() => renderTemplate(`{{ ${'not '.repeat(20000)}x }}`, {}), TemplateError);
  assert.throws(() => renderTemplate(`{{ ${Array.from({ length: 20000 }, () => '1').join(' + ')} }}`, {}), TemplateError);
  assert.throws(() => renderTemplate(`{{ ${'['.repeat(100)}${']'.repeat(100)} }}`, {}), TemplateSyntaxError);
});

test('nesting within the bounds still works', () => {
  assert.equal(renderTemplate(`{{ ${'('.repeat(30)}1${')'.repeat(30)} }}`, {}), 1);
  assert.equal(renderTemplate(`{{ ${Array.from({ length: 100 }, () => '1').join(' + ')} }}`, {}), 100);
});

test('arithmetic that overflows is an error, not Infinity', () => {
  assert.throws(() => renderTemplate('{{ 10.0 ** 400 }}', {}), TemplateError);
  assert.throws(() => renderTemplate('{{ 1 / 0 }}', {}), TemplateError);
});

test('limits can be tightened per render', () => {
  assert.equal(renderTemplate("{{ 'x' * 10 }}", {}, { limits: { maxOutputChars: 10 } }), 'xxxxxxxxxx');
  assert.equal(limitHit("{{ 'x' * 11 }}", {}, { limits: { maxOutputChars: 10 } }), 'maxOutputChars');
  assert.equal(limitHit('{{ range(11) | list }}', {}, { limits: { maxItems: 10 } }), 'maxItems');
  assert.equal(limitHit('{% for i in range(50) %}{{ i }}{% endfor %}', {}, { limits: { maxSteps: 100 } }), 'maxSteps');
  assert.ok(DEFAULT_LIMITS.maxOutputChars >= 1024 * 1024);
});

test('data that refers to itself is refused when written out, not a stack overflow', () => {
  const cyclic: Record<string, unknown> = { name: 'x' };
  cyclic.self = cyclic;
  assert.throws(() => renderTemplate('{{ data | to_json }}', { data: cyclic }), TemplateError);
  assert.throws(() => renderTemplate('x {{ data }}', { data: cyclic }), TemplateError);
  // Template layers render their values deeply, so a cycle there is refused too; as data it reads fine.
  assert.throws(() => renderTemplate('{{ data.self.name }}', { data: cyclic }), TemplateLimitError);
  assert.equal(renderTemplate('{{ data.self.self.name }}', Scope.EMPTY.with({ data: cyclic }, 'data')), 'x');
});
