/**
 * Host data is never templated: UnsafeText renders as its literal text, and anything a
 * template computes from host data comes back marked, so it stays literal wherever the runner
 * stores it next (set_fact, loop items, registered results).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UnsafeText } from '../../src/python/unsafe-text.js';
import { evaluateCondition } from '../../src/template/condition.js';
import { TemplateError } from '../../src/template/errors.js';
import { isUnsafe, markUnsafe, plainData } from '../../src/template/mark-unsafe.js';
import { renderTemplate, renderValue } from '../../src/template/render.js';
import { Scope } from '../../src/template/scope.js';

const secret = 'hunter2';
const registered = markUnsafe({ rc: 0, stdout: '{{ secret }}', stdout_lines: ['{{ secret }}', '{% if true %}x{% endif %}'] });
const vars = { secret, result: registered, note: new UnsafeText('{{ secret }}') };

function text(value: unknown): string {
  assert.ok(value instanceof UnsafeText, `expected UnsafeText, got ${typeof value}`);
  return value.text;
}

test('markUnsafe deep-marks strings and remembers the containers it built', () => {
  assert.ok((registered.stdout as unknown) instanceof UnsafeText);
  assert.ok(isUnsafe(registered) && isUnsafe(registered.stdout_lines));
  assert.equal(registered.rc, 0);
  assert.equal(markUnsafe(registered), registered);
  assert.deepEqual(plainData(registered), { rc: 0, stdout: '{{ secret }}', stdout_lines: ['{{ secret }}', '{% if true %}x{% endif %}'] });
  assert.equal(isUnsafe({ a: 1 }), false);
});

test('a template that references host data gets its literal text, however many braces it holds', () => {
  assert.equal(text(renderTemplate('{{ result.stdout }}', vars)), '{{ secret }}');
  assert.equal(text(renderTemplate('echo {{ result.stdout }}', vars)), 'echo {{ secret }}');
  assert.equal(text(renderTemplate('{{ note }}', vars)), '{{ secret }}');
  assert.deepEqual(plainData(renderTemplate('{{ result.stdout_lines }}', vars)), ['{{ secret }}', '{% if true %}x{% endif %}']);
});

test('results computed from host data stay marked', () => {
  assert.equal(text(renderTemplate('{{ result.stdout | upper }}', vars)), '{{ SECRET }}');
  assert.equal(text(renderTemplate('{{ result | to_json }}', vars)).includes('{{ secret }}'), true);
  assert.equal(text(renderTemplate("{{ result.stdout_lines | join(',') }}", vars)), '{{ secret }},{% if true %}x{% endif %}');
  const lines = renderTemplate('{{ result.stdout_lines | map("trim") | list }}', vars) as unknown[];
  assert.ok(lines.every((l) => l instanceof UnsafeText));
  assert.equal(renderTemplate('{{ result.rc }}', vars), 0);
});

test('templates that never touch host data are not marked', () => {
  assert.equal(renderTemplate('{{ secret | upper }}', vars), 'HUNTER2');
});

test('what the runner stores from a tainted render is never rendered later (set_fact, loop items)', () => {
  const fact = renderTemplate('{{ result.stdout }}', vars);
  const items = renderTemplate('{{ result.stdout_lines }}', vars) as unknown[];
  for (const trust of ['template', 'data'] as const) {
    const scope = Scope.from(vars).with({ fact, item: items[0] }, trust);
    assert.equal(text(renderTemplate('{{ fact }}', scope)), '{{ secret }}');
    assert.equal(text(renderTemplate('got {{ item }}', scope)), 'got {{ secret }}');
  }
});

test('a lazy variable that references host data renders it literally', () => {
  const scope = Scope.from({ secret, message: 'out: {{ result.stdout }}' }).with({ result: { stdout: '{{ secret }}' } }, 'unsafe');
  assert.equal(text(renderTemplate('{{ message }}', scope)), 'out: {{ secret }}');
  const facts = renderTemplate('{{ result }}', scope);
  assert.ok(isUnsafe(facts));
  assert.deepEqual(plainData(facts), { stdout: '{{ secret }}' });
});

test('!unsafe values in play vars are never rendered', () => {
  assert.equal(text(renderTemplate('{{ raw }}', { secret, raw: new UnsafeText('{{ secret }}') })), '{{ secret }}');
  const args = renderValue({ cmd: new UnsafeText('echo {{ secret }}'), other: '{{ secret }}' }, vars) as Record<string, unknown>;
  assert.equal(text(args.cmd), 'echo {{ secret }}');
  assert.equal(args.other, secret);
});

test('host data is never evaluated as a condition', () => {
  const scope = Scope.from({}).with({ out: { stdout: "result.rc == 0 or lookup('pipe', 'id')" } }, 'unsafe');
  assert.throws(() => evaluateCondition('{{ out.stdout }}', scope), TemplateError);
  assert.equal(evaluateCondition('out.stdout | length > 0', scope), true);
});
