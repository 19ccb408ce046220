/**
 * Load-time syntax checks: what is wrong and where (0-based offsets into the checked text),
 * with a hint for misspelt filters and tests. These never throw.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TemplateSyntaxError } from '../../src/template/errors.js';
import { renderTemplate } from '../../src/template/render.js';
import { checkConditionSyntax, checkExpressionSyntax, checkTemplateSyntax } from '../../src/template/syntax.js';

test('valid templates and plain text pass', () => {
  for (const text of [
    'plain',
    '{{ a }}',
    "{{ a | default('x') | upper }}",
    '{% for x in y %}{{ x }}{% endfor %}',
    '{# c #}',
    "{{ {'a': {'b': 1}} }}",
    '{% if a is defined and a is not match("x") %}{% elif b %}{% else %}{% endif %}',
    '{% raw %}{{ {% {# {% endraw %}',
    '{{ x is divisibleby 3 }}',
  ]) {
    assert.equal(checkTemplateSyntax(text), undefined, text);
  }
});

test('an unclosed tag is an error of the whole text', () => {
  const problem = checkTemplateSyntax('echo {{ k3s_data_dir }');
  assert.ok(problem);
  assert.equal(problem.offset, undefined);
  assert.equal(checkTemplateSyntax('{% if x %}')?.offset, 3);
  assert.equal(checkTemplateSyntax('a {# never closed')?.offset, undefined);
});

test('the offset points into the failing tag', () => {
  const text = 'ok {{ fine }} then {{ a + }} end';
  assert.equal(checkTemplateSyntax(text)?.offset, text.indexOf('a +'));
  const stray = 'x {% endfor %}';
  assert.equal(checkTemplateSyntax(stray)?.offset, stray.indexOf('endfor'));
  const unknown = '{% iff x %}{% endif %}';
  assert.equal(checkTemplateSyntax(unknown)?.offset, unknown.indexOf('iff'));
  const unclosedIf = 'a {% if x %}b';
  assert.equal(checkTemplateSyntax(unclosedIf)?.offset, unclosedIf.indexOf('if x'));
  const badFor = '{% for in y %}{% endfor %}';
  assert.equal(checkTemplateSyntax(badFor)?.offset, 3);
});

test('unknown filters and tests are errors with a hint, pointing at the name', () => {
  const text = "{{ x | defualt('y') }}";
  const problem = checkTemplateSyntax(text);
  assert.equal(problem?.hint, 'did you mean `default`?');
  assert.equal(problem?.offset, text.indexOf('defualt'));
  const test = '{{ x is definde }}';
  assert.equal(checkTemplateSyntax(test)?.hint, 'did you mean `defined`?');
  assert.equal(checkTemplateSyntax(test)?.offset, test.indexOf('definde'));
  assert.ok(checkTemplateSyntax('{{ x | no_such_filter_at_all }}'));
  const inMap = "{{ xs | map('trimm') | list }}";
  assert.equal(checkTemplateSyntax(inMap)?.hint, 'did you mean `trim`?');
  assert.equal(checkTemplateSyntax(inMap)?.offset, inMap.indexOf('trimm'));
  assert.equal(checkTemplateSyntax("{{ xs | selectattr('a', 'definde') | list }}")?.hint, 'did you mean `defined`?');
  assert.equal(checkTemplateSyntax('{{ xs | select(name) | list }}'), undefined);
});

test('unsupported constructs are refused', () => {
  assert.ok(checkTemplateSyntax('{% macro m() %}x{% endmacro %}'));
  assert.ok(checkTemplateSyntax('{% include "x" %}'));
  assert.ok(checkTemplateSyntax('{% import "x" as y %}'));
});

test('bare expressions', () => {
  for (const expr of [
    'result.rc == 0',
    'a is defined and a | length > 0',
    "x in ['a', 'b']",
    'not (a or b)',
    "'\\d' in x",
    "x | regex_search('\\d+')",
  ]) {
    assert.equal(checkExpressionSyntax(expr), undefined, expr);
  }
  assert.equal(checkExpressionSyntax('result.rc ==')?.offset, 0);
  assert.ok(checkExpressionSyntax('a and'));
  assert.ok(checkExpressionSyntax('a b'));
  assert.ok(checkExpressionSyntax(''));
  assert.equal(checkExpressionSyntax('x | bool_')?.hint, 'did you mean `bool`?');
});

test('conditions: bare, or one {{ }}; mixing is refused', () => {
  assert.equal(checkConditionSyntax('a == 1'), undefined);
  assert.equal(checkConditionSyntax('{{ a == 1 }}'), undefined);
  assert.ok(checkConditionSyntax('{{ a }} == 1'));
  assert.ok(checkConditionSyntax('a =='));
  assert.ok(checkConditionSyntax('{{ a == }}'));
});

test('rendering a broken template throws TemplateSyntaxError with the same position', () => {
  const text = 'ok {{ a + }}';
  assert.throws(
    () => renderTemplate(text, { a: 1 }),
    (e: unknown) => e instanceof TemplateSyntaxError && e.offset === text.indexOf('a +'),
  );
});
