/**
 * Tuples are Python's, not lists: they print as `(1, 2)` and `(1,)`, are `tuple` for
 * `type_debug`, and `%` spreads them over its placeholders. Expected texts are Python's.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderTemplate } from '../../src/template/render.js';

const text = (template: string): unknown => renderTemplate(`=${template}`, { x: 'q' });

test('tuples print as Python prints them, one-item tuples with their comma', () => {
  assert.equal(text('{{ (1, 2) }}'), '=(1, 2)');
  assert.equal(text('{{ (1,) }}'), '=(1,)');
  assert.equal(text('{{ (x,) }}'), "=('q',)");
  assert.equal(text('{{ ((1,),) }}'), '=((1,),)');
  assert.equal(text("{{ [(1, 'a')] }}"), "=[(1, 'a')]");
  assert.equal(text("{{ {'a': 1}.items() | list }}"), "=[('a', 1)]");
  assert.equal(text('{{ [1, 2] | zip([3, 4]) | list }}'), '=[(1, 3), (2, 4)]');
  assert.equal(text('{{ (1, 2) | type_debug }}'), '=tuple');
});

test('a one-item tuple works wherever a tuple does; a call keeps its trailing comma rules', () => {
  assert.equal(text("{{ '%s' % ((1, 2),) }}"), '=(1, 2)');
  assert.equal(text('{{ 1 in (1,) }}'), '=True');
  assert.equal(text("{{ 'ab'.startswith(('a',)) }}"), '=True');
  assert.equal(text('{{ (1,) | length }}'), '=1');
});
