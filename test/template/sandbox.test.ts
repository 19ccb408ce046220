/**
 * Escape attempts: no JavaScript global, prototype, constructor or function is reachable from
 * a template, and no template can change Object.prototype. Every probe either renders as an
 * undefined-variable error (the attribute does not exist for templates) or a template error;
 * none runs code. Object.prototype and friends are checked after every probe.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { evaluateCondition } from '../../src/template/condition.js';
import { TemplateError } from '../../src/template/errors.js';
import { renderTemplate } from '../../src/template/render.js';

const pristine = {
  object: Object.getOwnPropertyNames(Object.prototype).sort().join(),
  array: Object.getOwnPropertyNames(Array.prototype).sort().join(),
  string: Object.getOwnPropertyNames(String.prototype).sort().join(),
  fn: Object.getOwnPropertyNames(Function.prototype).sort().join(),
};

afterEach(() => {
  assert.equal(Object.getOwnPropertyNames(Object.prototype).sort().join(), pristine.object);
  assert.equal(Object.getOwnPropertyNames(Array.prototype).sort().join(), pristine.array);
  assert.equal(Object.getOwnPropertyNames(String.prototype).sort().join(), pristine.string);
  assert.equal(Object.getOwnPropertyNames(Function.prototype).sort().join(), pristine.fn);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal((globalThis as Record<string, unknown>).pwned, undefined);
});

const vars = { s: 'text', n: 1, l: [1], d: { a: 1 }, result: { stdout: 'x' } };

const PROBES = [
  '{{ s.constructor }}',
  "{{ s['constructor'] }}",
  "{{ s.constructor.constructor('return process')() }}",
  "{{ ''.constructor.constructor('return process')() }}",
  '{{ d.__proto__ }}',
  "{{ d['__proto__'] }}",
  '{{ d.constructor }}',
  '{{ l.__proto__ }}',
  '{{ [].constructor }}',
  '{{ [].__class__ }}',
  "{{ ''.__class__.__mro__ }}",
  '{{ d.__class__ }}',
  '{{ n.constructor }}',
  '{{ s.toString }}',
  '{{ s.toString.constructor }}',
  '{{ d.hasOwnProperty }}',
  '{{ d.valueOf() }}',
  '{{ process }}',
  '{{ globalThis }}',
  '{{ this }}',
  '{{ require }}',
  "{{ require('child_process') }}",
  '{{ import }}',
  '{{ global }}',
  '{{ window }}',
  '{{ Function }}',
  '{{ eval }}',
  "{{ eval('1') }}",
  '{{ self }}',
  '{{ prototype }}',
  '{{ lipsum() }}',
  '{{ cycler(1, 2) }}',
  '{{ joiner() }}',
  '{{ range.constructor }}',
  "{{ range.constructor('return process')() }}",
  '{{ range.__call__ }}',
  '{{ namespace.constructor }}',
  "{{ lookup('pipe', 'id') }}",
  "{{ query('file', '/etc/passwd') }}",
  '{{ s.upper.constructor }}',
  '{{ s.upper.call }}',
  '{{ s.upper.apply(none, []) }}',
  '{{ s.upper }}',
  '{{ loop }}',
  "{{ d | attr('constructor') }}",
  "{{ l | map('constructor') | list }}",
  "{{ l | select('constructor') | list }}",
  '{{ d.items.__globals__ }}',
  '{{ config }}',
  '{{ request }}',
  "{{ self.__init__.__globals__['os'] }}",
  '{{ __builtins__ }}',
  '{{ s.__len__() }}',
  "{{ s.format('{0.__class__}', s) }}",
  "{{ '{0.constructor}'.format(s) }}",
  '{% for k in d.__proto__ %}{{ k }}{% endfor %}',
  '{{ dict.constructor }}',
  '{{ d.get.constructor }}',
  '{{ d.get("constructor") }}',
];

for (const probe of PROBES) {
  test(`probe ${probe} fails safely`, () => {
    let outcome: unknown;
    try {
      outcome = renderTemplate(probe, vars);
    } catch (error) {
      assert.ok(error instanceof TemplateError, `${probe} threw ${String(error)}`);
      return;
    }
    // A probe may only ever produce data that was already there, never a function or global.
    assert.ok(outcome === null || ['string', 'number', 'boolean'].includes(typeof outcome), `${probe} gave ${typeof outcome}`);
    assert.ok(!/native code|function|process|\[object/i.test(String(outcome)), `${probe} rendered ${String(outcome)}`);
  });
}

test('data shaped like a prototype key stays data, and writing it pollutes nothing', () => {
  const hostile = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as Record<
    string,
    unknown
  >;
  const out = renderTemplate("{{ hostile | combine({'__proto__': {'polluted': 1}}) | combine(hostile, recursive=true) }}", {
    hostile,
  }) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.equal(out.polluted, undefined);
  assert.deepEqual(Object.keys(out).sort(), ['__proto__', 'constructor']);
  assert.deepEqual(renderTemplate("{{ hostile['__proto__'] }}", { hostile }), { polluted: true });
  const items = renderTemplate("{{ [{'key': '__proto__', 'value': {'polluted': 1}}] | items2dict }}", {}) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(items), Object.prototype);
  const fromJson = renderTemplate('{{ text | from_json }}', { text: '{"__proto__": {"polluted": 1}}' }) as Record<string, unknown>;
  assert.equal(fromJson.polluted, undefined);
  const fromYaml = renderTemplate('{{ text | from_yaml }}', { text: '__proto__: {polluted: 1}' }) as Record<string, unknown>;
  assert.equal(fromYaml.polluted, undefined);
  renderTemplate('{% set ns = namespace() %}{% set ns.__proto__ = 1 %}{{ dict(__proto__=1) }}', {});
});

test('conditions are sandboxed the same way', () => {
  assert.throws(() => evaluateCondition("s.constructor.constructor('return process')()", vars), TemplateError);
  assert.throws(() => evaluateCondition('process.exit(1)', vars), TemplateError);
});
