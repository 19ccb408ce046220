/**
 * Undefined variables: StrictUndefined as Ansible configures it. Using one throws
 * UndefinedVariableError naming the variable or the path up to the first missing part;
 * `is defined`, `is undefined` and `default` are the guards.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UndefinedVariableError } from '../../src/template/errors.js';
import { renderTemplate } from '../../src/template/render.js';

const vars = { result: { stdout: 'ok', rc: 0, lines: ['a'] }, hosts: ['h1'], empty: {} };

function undefinedName(template: string): string {
  try {
    renderTemplate(template, vars);
  } catch (error) {
    if (error instanceof UndefinedVariableError) return error.variable;
    throw error;
  }
  assert.fail(`${template} rendered without an undefined-variable error`);
}

test('the missing name or attribute path is reported', () => {
  assert.equal(undefinedName('{{ missing }}'), 'missing');
  assert.equal(undefinedName('echo {{ missing }}'), 'missing');
  assert.equal(undefinedName('{{ result.stdot }}'), 'result.stdot');
  assert.equal(undefinedName("{{ result['stdot'] }}"), 'result.stdot');
  assert.equal(undefinedName("{{ result['no such'] }}"), "result['no such']");
  assert.equal(undefinedName('{{ result.stdot.x }}'), 'result.stdot');
  assert.equal(undefinedName('{{ hosts[3] }}'), 'hosts[3]');
  assert.equal(undefinedName('{{ missing.x.y }}'), 'missing');
  assert.equal(undefinedName('{{ result.lines[0].nope }}'), 'result.lines[0].nope');
});

test('every use other than a guard fails: output, operators, filters, loops, conditions, calls', () => {
  for (const template of [
    '{{ missing + 1 }}',
    '{{ missing ~ "x" }}',
    '{{ missing | upper }}',
    '{{ missing | length }}',
    '{% for x in missing %}{% endfor %}',
    '{% if missing %}{% endif %}',
    '{{ not missing }}',
    '{{ missing == 1 }}',
    '{{ 1 in missing }}',
    '{{ [missing] }}',
    '{{ {"a": missing} }}',
    '{{ missing() }}',
    '{{ result.stdot | trim }}',
    '{{ missing or 1 }}',
  ]) {
    assert.throws(() => renderTemplate(template, vars), UndefinedVariableError, template);
  }
});

test('guards: is defined, is undefined, default, d, and short-circuits', () => {
  assert.equal(renderTemplate('{{ missing is defined }}', vars), false);
  assert.equal(renderTemplate('{{ missing.x.y is defined }}', vars), false);
  assert.equal(renderTemplate('{{ result.stdot is undefined }}', vars), true);
  assert.equal(renderTemplate("{{ missing | default('x') }}", vars), 'x');
  assert.equal(renderTemplate("{{ missing.deep.path | d('x') }}", vars), 'x');
  assert.equal(renderTemplate('{{ result.stdot | default(result.stdout) }}', vars), 'ok');
  assert.equal(renderTemplate('{{ missing is defined and missing.x }}', vars), false);
  assert.equal(renderTemplate("{{ missing.x if missing is defined else 'fallback' }}", vars), 'fallback');
  assert.equal(renderTemplate('{% if missing is defined %}{{ missing }}{% else %}no{% endif %}', vars), 'no');
  assert.deepEqual(renderTemplate("{{ [1, 2] | select('defined') | list }}", vars), [1, 2]);
});

test('a default that is itself undefined fails with its own name', () => {
  assert.equal(undefinedName('{{ missing | default(other_missing) }}'), 'other_missing');
});

test('set variables and loop variables are defined inside the template', () => {
  assert.equal(renderTemplate('{% set x = 1 %}{{ x }}', vars), '1');
  assert.equal(renderTemplate('{% for h in hosts %}{{ h }}{% endfor %}', vars), 'h1');
  assert.equal(undefinedName('{% for h in hosts %}{% endfor %}{{ h }}'), 'h');
  assert.equal(undefinedName('{% for h in hosts %}{% set inner = 1 %}{% endfor %}{{ inner }}'), 'inner');
});

test('the error message names the variable and no value', () => {
  const secret = 's3cr3t-token';
  try {
    renderTemplate('{{ creds.tokne }}', { creds: { token: secret } });
    assert.fail('no error');
  } catch (error) {
    assert.ok(error instanceof UndefinedVariableError);
    assert.equal(error.variable, 'creds.tokne');
    assert.ok(!error.message.includes(secret));
  }
});
