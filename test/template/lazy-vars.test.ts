/**
 * Lazy variables: a variable whose value is a template is rendered when referenced, in its
 * own scope, with loop detection and a depth bound; layers decide what is trusted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UnsafeText } from '../../src/python/unsafe-text.js';
import { TemplateLimitError, UndefinedVariableError, VariableLoopError } from '../../src/template/errors.js';
import { renderTemplate } from '../../src/template/render.js';
import { Scope } from '../../src/template/scope.js';

test('a template value is rendered when referenced, recursively, keeping types', () => {
  const vars = {
    data_dir: '/var/lib/rancher/k3s',
    tls_dir: '{{ data_dir }}/server/tls',
    cert: '{{ tls_dir }}/serving.crt',
    port: '{{ 6443 }}',
    ports: ['{{ port }}', '{{ port + 1 }}'],
  };
  assert.equal(renderTemplate('{{ cert }}', vars), '/var/lib/rancher/k3s/server/tls/serving.crt');
  assert.equal(renderTemplate('{{ port + 1 }}', vars), 6444);
  assert.deepEqual(renderTemplate('{{ ports }}', vars), [6443, 6444]);
  assert.equal(renderTemplate('{{ ports[1] }}', vars), 6444);
});

test('nested mappings render their template strings and keys', () => {
  const vars = { name: 'k3s', cfg: { service: '{{ name }}.service', '{{ name }}_port': 6443, plain: 'x' } };
  assert.deepEqual(renderTemplate('{{ cfg }}', vars), { service: 'k3s.service', k3s_port: 6443, plain: 'x' });
  assert.equal(renderTemplate('{{ cfg.service }}', vars), 'k3s.service');
});

test('a self-reference is a clear loop error, naming the chain', () => {
  assert.throws(
    () => renderTemplate('{{ a }}', { a: '{{ a }}' }),
    (e: unknown) => e instanceof VariableLoopError && e.chain.join('>') === 'a>a',
  );
  assert.throws(
    () => renderTemplate('{{ a }}', { a: '{{ b }}', b: 'x{{ c }}', c: '{{ a | default(1) }}' }),
    (e: unknown) => e instanceof VariableLoopError && e.chain.join('>') === 'a>b>c>a',
  );
});

test('a chain of variables deeper than the bound stops with a limit error', () => {
  const vars: Record<string, string> = { v0: 'end' };
  for (let i = 1; i <= 60; i++) vars[`v${i}`] = `{{ v${i - 1} }}`;
  assert.equal(renderTemplate('{{ v40 }}', vars), 'end');
  assert.throws(
    () => renderTemplate('{{ v60 }}', vars),
    (e: unknown) => e instanceof TemplateLimitError && e.limit === 'maxVariableDepth',
  );
});

test('an undefined variable inside a lazy value names that variable', () => {
  assert.throws(
    () => renderTemplate('{{ a }}', { a: '{{ nope.x }}' }),
    (e: unknown) => e instanceof UndefinedVariableError && e.variable === 'nope',
  );
});

test('layers: the top one wins, and sees variables from below', () => {
  const scope = Scope.layered([
    { vars: { role: 'agent', url: 'https://{{ server }}:6443' }, trust: 'template' },
    { vars: { server: '10.0.0.1', role: 'server' }, trust: 'template' },
  ]);
  assert.equal(renderTemplate('{{ role }} {{ url }}', scope), 'server https://10.0.0.1:6443');
  const withItem = scope.with({ item: 'extra' }, 'data');
  assert.equal(renderTemplate('{{ item }}-{{ role }}', withItem), 'extra-server');
  assert.equal(renderTemplate('{{ role }}', scope.with({ role: 'override' })), 'override');
});

test("'data' and 'unsafe' layers are never rendered", () => {
  const scope = Scope.layered([
    { vars: { secret: 'hunter2' }, trust: 'template' },
    { vars: { item: '{{ secret }}' }, trust: 'data' },
  ]);
  assert.equal(renderTemplate('{{ item }}', scope), '{{ secret }}');
  const host = Scope.EMPTY.with({ secret: 'hunter2' }).with({ result: { stdout: '{{ secret }}' } }, 'unsafe');
  const out = renderTemplate('{{ result.stdout }}', host);
  assert.ok(out instanceof UnsafeText);
  assert.equal(out.text, '{{ secret }}');
});

test('a Scope can be a value (hostvars): its variables are read lazily, each in its own scope', () => {
  const web1 = Scope.EMPTY.with({ ansible_host: '10.0.0.{{ n }}', n: 1 });
  const web2 = Scope.EMPTY.with({ ansible_host: '10.0.0.{{ n }}', n: 2 });
  const scope = Scope.EMPTY.with({ hostvars: { web1, web2 }, groups: { web: ['web1', 'web2'] } }, 'data');
  assert.equal(renderTemplate("{{ hostvars['web2'].ansible_host }}", scope), '10.0.0.2');
  assert.deepEqual(renderTemplate("{{ groups.web | map('extract', hostvars, 'ansible_host') | list }}", scope), ['10.0.0.1', '10.0.0.2']);
  assert.deepEqual(renderTemplate("{{ hostvars['web1'] }}", scope), { ansible_host: '10.0.0.1', n: 1 });
  assert.equal(renderTemplate("{{ hostvars['web1'].nope is defined }}", scope), false);
  assert.throws(() => renderTemplate("{{ hostvars['web1'].nope }}", scope), UndefinedVariableError);
});

test('a variable is rendered once per render, however often it is used', () => {
  let reads = 0;
  const vars = {};
  Object.defineProperty(vars, 'v', {
    enumerable: true,
    get: () => {
      reads++;
      return '{{ 1 + 1 }}';
    },
  });
  assert.equal(renderTemplate('{{ v }}{{ v }}{{ v }}', vars), '222');
  assert.equal(reads, 1);
});
