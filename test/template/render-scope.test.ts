/**
 * The per-render cache (render-scope.ts): one value per owner for the whole outermost render,
 * nothing kept once it ends, nothing cached outside a render. The runner builds `hostvars[name]`
 * through it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderTemplate, renderValue } from '../../src/template/render.js';
import { perRender } from '../../src/template/render-scope.js';

/** A variable set whose `seen` reads a fresh object through the cache on every reference. */
function counting(): { vars: Record<string, unknown>; made: () => number } {
  const owner = {};
  let made = 0;
  const vars = {};
  Object.defineProperty(vars, 'seen', { enumerable: true, get: () => perRender(owner, () => ({ n: ++made })) });
  return { vars, made: () => made };
}

test('one value per owner for the whole render, however many fields reference it', () => {
  const { vars, made } = counting();
  const out = renderValue({ a: '{{ seen.n }}', b: ['{{ seen.n }}', '{{ seen.n + 1 }}'] }, vars);
  assert.deepEqual(out, { a: 1, b: [1, 2] });
  assert.equal(made(), 1);
});

test('each render makes its own; outside a render nothing is kept', () => {
  const { vars, made } = counting();
  assert.equal(renderTemplate('{{ seen.n }}', vars), 1);
  assert.equal(renderTemplate('{{ seen.n }}', vars), 2);
  const owner = {};
  assert.notEqual(
    perRender(owner, () => ({})),
    perRender(owner, () => ({})),
  );
  assert.equal(made(), 2);
});

test('a failed render leaves no cache behind', () => {
  const { vars, made } = counting();
  assert.throws(() => renderValue({ a: '{{ seen.n }}', b: '{{ nope.x }}' }, vars));
  assert.equal(renderTemplate('{{ seen.n }}', vars), 2);
  assert.equal(made(), 2);
});
