/**
 * What renderTemplate returns: the expression's own type for a template that is one
 * `{{ expr }}`, text otherwise (written as Ansible writes it), and the input itself for text
 * without template markers. Expected values were checked against ansible-core 2.14.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UnsafeText } from '../../src/python/unsafe-text.js';
import { compileTemplate } from '../../src/template/compile.js';
import { TemplateError } from '../../src/template/errors.js';
import { OMIT, renderTemplate, renderValue } from '../../src/template/render.js';

const vars = {
  port: 6443,
  ratio: 0.5,
  on: true,
  off: false,
  nothing: null,
  hosts: ['a', 'b'],
  cfg: { dir: '/etc/k3s', n: 2 },
  name: 'k3s',
};

test('a single {{ expr }} keeps the native type', () => {
  assert.equal(renderTemplate('{{ port }}', vars), 6443);
  assert.equal(renderTemplate('{{ port + 1 }}', vars), 6444);
  assert.equal(renderTemplate('{{ ratio }}', vars), 0.5);
  assert.equal(renderTemplate('{{ on }}', vars), true);
  assert.equal(renderTemplate('{{ off }}', vars), false);
  assert.equal(renderTemplate('{{ nothing }}', vars), null);
  assert.deepEqual(renderTemplate('{{ hosts }}', vars), ['a', 'b']);
  assert.deepEqual(renderTemplate('{{ cfg }}', vars), { dir: '/etc/k3s', n: 2 });
  assert.deepEqual(renderTemplate("{{ {'a': [1, 2.5, none, true]} }}", vars), { a: [1, 2.5, null, true] });
  assert.equal(renderTemplate("{{ '1' }}", vars), '1');
});

test('whitespace around a single expression is allowed', () => {
  assert.equal(renderTemplate('  {{ port }}  ', vars), 6443);
  assert.equal(renderTemplate('{{ port }}\n', vars), 6443);
  assert.deepEqual(renderTemplate('\t{{ hosts }} ', vars), ['a', 'b']);
});

test('anything else renders to text, with Python spellings', () => {
  assert.equal(renderTemplate('port={{ port }}', vars), 'port=6443');
  assert.equal(renderTemplate('{{ port }}{{ port }}', vars), '64436443');
  assert.equal(renderTemplate('x {{ on }} {{ nothing }}|', vars), 'x True |');
  assert.equal(renderTemplate("x {{ [1, 'a'] }}", vars), "x [1, 'a']");
  assert.equal(renderTemplate("x {{ {'a': 1} }}", vars), "x {'a': 1}");
  assert.equal(renderTemplate('{{ 7 / 2 }} {{ 1 ~ 2 ~ none }}', vars), '3.5 12None');
  assert.equal(renderTemplate("{{ 'a' }}{# note #}", vars), 'a');
});

test('strings without template markers come back as the same string', () => {
  const text = 'systemctl restart k3s { not a template } 100%';
  assert.equal(renderTemplate(text, vars), text);
  assert.equal(renderTemplate('', vars), '');
});

test('statements: if, for with loop.*, set, filter blocks, raw', () => {
  assert.equal(renderTemplate('{% if on %}yes{% else %}no{% endif %}', vars), 'yes');
  assert.equal(
    renderTemplate('{% for h in hosts %}{{ loop.index }}:{{ h }}{% if not loop.last %},{% endif %}{% endfor %}', vars),
    '1:a,2:b',
  );
  assert.equal(renderTemplate('{% for h in [] %}x{% else %}empty{% endfor %}', vars), 'empty');
  assert.equal(renderTemplate('{% for k, v in cfg.items() %}{{ k }}={{ v }};{% endfor %}', vars), 'dir=/etc/k3s;n=2;');
  assert.equal(renderTemplate('{% for h in hosts if h != "a" %}{{ h }}{% endfor %}', vars), 'b');
  assert.equal(renderTemplate('{% for h in hosts %}{% if h == "b" %}{% break %}{% endif %}{{ h }}{% endfor %}', vars), 'a');
  assert.equal(renderTemplate('{% set x = port * 2 %}{{ x }}', vars), '12886');
  assert.equal(
    renderTemplate('{% set ns = namespace(n=0) %}{% for h in hosts %}{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.n }}', vars),
    '2',
  );
  assert.equal(renderTemplate('{% filter upper %}ab{{ name }}{% endfilter %}', vars), 'ABK3S');
  assert.equal(renderTemplate('{% raw %}{{ not rendered }}{% endraw %} {{ name }}', vars), '{{ not rendered }} k3s');
});

test('trim_blocks removes the newline after a block tag, as in Ansible', () => {
  assert.equal(renderTemplate('{% for h in hosts %}\n{{ h }}\n{% endfor %}\n', vars), 'a\nb\n');
});

test('trailing newlines of the template are kept', () => {
  assert.equal(renderTemplate('name={{ name }}\n\n', vars), 'name=k3s\n\n');
});

test("backslashes in {{ }} string literals are literal, as Ansible's escaping makes them", () => {
  assert.equal(renderTemplate("{{ 'a\\nb' }}", vars), 'a\\nb');
  assert.equal(renderTemplate("{{ 'abc123' | regex_replace('([a-z]+)([0-9]+)', '\\2-\\1') }}", vars), '123-abc');
});

test('compiled templates are cached by their text', () => {
  assert.equal(compileTemplate('{{ port }} cached'), compileTemplate('{{ port }} cached'));
});

test('renderValue renders nested strings and keys, and returns untouched data as the same object', () => {
  const data = { a: ['{{ port }}', 'plain'], '{{ name }}_dir': '{{ cfg.dir }}', n: 1 };
  assert.deepEqual(renderValue(data, vars), { a: [6443, 'plain'], k3s_dir: '/etc/k3s', n: 1 });
  const plain = { a: ['x', { b: 'y' }], n: 1 };
  assert.equal(renderValue(plain, vars), plain);
  const partly = { keep: { deep: ['x'] }, change: '{{ port }}' };
  const rendered = renderValue(partly, vars) as typeof partly;
  assert.equal(rendered.keep, partly.keep);
  assert.equal(rendered.change, 6443);
});

test('renderValue leaves UnsafeText alone', () => {
  const unsafe = new UnsafeText('{{ port }}');
  assert.equal(renderValue(unsafe, vars), unsafe);
  assert.equal(renderValue({ a: unsafe }, vars) !== undefined, true);
  assert.equal((renderValue({ a: unsafe }, vars) as { a: unknown }).a, unsafe);
});

test('omit: an argument rendered to omit is left out', () => {
  const args = { path: '/etc/k3s', mode: '{{ mode | default(omit) }}', owner: '{{ omit }}', list: ['a', '{{ omit }}', 'b'] };
  assert.deepEqual(renderValue(args, {}), { path: '/etc/k3s', list: ['a', 'b'] });
  assert.deepEqual(renderValue(args, { mode: '0600' }), { path: '/etc/k3s', mode: '0600', list: ['a', 'b'] });
  assert.equal(renderTemplate('{{ omit }}', {}), OMIT);
  assert.throws(() => renderTemplate('mode={{ omit }}', {}), TemplateError);
});
