/**
 * referencedVariables: the names a template needs from outside, for the loader's
 * UNDEFINED_VARIABLE check.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referencedVariables } from '../../src/template/free-names.js';

const names = (text: string, kind: 'template' | 'expression' = 'template') => referencedVariables(text, { kind });

test('top-level names in order of first use, once each', () => {
  assert.deepEqual(names('{{ a }} {{ b.c }} {{ a }} {{ d[e] }} {{ f(g) }}'), ['a', 'b', 'd', 'e', 'f', 'g']);
  assert.deepEqual(names("{{ hostvars[inventory_hostname]['ansible_host'] }}"), ['hostvars', 'inventory_hostname']);
});

test('attributes, filters, tests, keyword names, literals and globals are not variables', () => {
  assert.deepEqual(names("{{ x.y.z | default('a') | upper }}"), []);
  assert.deepEqual(names("{{ items | map(attribute='name') | select('match', pat) | list }}"), ['items', 'pat']);
  assert.deepEqual(names('{{ true and none or False }} {{ range(3) | list }} {{ dict(a=1) }} {{ namespace(x=1).x }}'), []);
  assert.deepEqual(names('{{ x is divisibleby 3 }} {{ y is eq z }}'), ['x', 'y', 'z']);
});

test('loop variables, loop and set targets are bound inside the template', () => {
  assert.deepEqual(names('{% for h in hosts %}{{ h }} {{ loop.index }}{% endfor %}'), ['hosts']);
  assert.deepEqual(names('{% for k, v in d.items() %}{{ k }}={{ v }}{% endfor %}'), ['d']);
  assert.deepEqual(names('{% for h in hosts if h != skip %}{{ h }}{% endfor %}'), ['hosts', 'skip']);
  assert.deepEqual(names('{% for h in hosts %}{% endfor %}{{ h }}'), ['hosts', 'h']);
  assert.deepEqual(names('{{ x }}{% set x = 1 %}{{ x }}'), ['x']);
  assert.deepEqual(names('{% set x = y %}{{ x }}'), ['y']);
  assert.deepEqual(names('{% set a, b = pair %}{{ a ~ b }}'), ['pair']);
});

test('guarded names are left out unless asked for', () => {
  assert.deepEqual(names('{{ a | default(b) }}'), ['b']);
  assert.deepEqual(names('{{ a.b is defined }} {{ c is undefined }} {{ e is not defined }}'), []);
  assert.deepEqual(names("{{ a if a is defined else 'x' }}"), []);
  assert.deepEqual(names("{{ 'x' if a is undefined else a }}"), []);
  assert.deepEqual(names('{{ a is defined and a.b }}'), []);
  assert.deepEqual(names('{{ a is not defined or a.b }}'), []);
  assert.deepEqual(names('{% if a is defined %}{{ a }}{% else %}{{ b }}{% endif %}'), ['b']);
  assert.deepEqual(names('{% if a is undefined %}x{% else %}{{ a }}{% endif %}'), []);
  assert.deepEqual(names('{{ a is defined or a.b }}'), ['a']);
  assert.deepEqual(names('{{ a[b] is defined }}'), ['b']);
  assert.deepEqual(referencedVariables('{{ a | default(1) }} {{ c }}', { includeGuarded: true }), ['c', 'a']);
});

test('expressions (conditions): bare or wrapped', () => {
  assert.deepEqual(names('result.rc == 0 and other', 'expression'), ['result', 'other']);
  assert.deepEqual(names('{{ result is failed }}', 'expression'), ['result']);
  assert.deepEqual(names('x is defined', 'expression'), []);
});

test('plain text and broken templates reference nothing', () => {
  assert.deepEqual(names('just text'), []);
  assert.deepEqual(names('{{ broken + }}'), []);
  assert.deepEqual(names('result.rc ==', 'expression'), []);
});
