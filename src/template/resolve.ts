/**
 * Variable lookup with Ansible's lazy rendering (see scope.ts for the layer rules): a
 * variable from a `template` layer whose value holds `{{ … }}` is rendered when referenced,
 * in its own scope, once per render, with loop detection and a depth bound.
 */

import { UnsafeText } from '../python/unsafe-text.js';
import { TemplateLimitError, VariableLoopError } from './errors.js';
import { type EvalContext, NOT_FOUND, observe } from './eval-context.js';
import { isUnsafe } from './mark-unsafe.js';
import { hasTemplateMarker } from './markers.js';
import { pyStr } from './py-text.js';
import type { Scope } from './scope.js';
import { renderText } from './statements.js';
import { isMapping, type Mapping, setKey } from './values.js';

/** The value of `name` in `scope`, rendered if it must be, or {@link NOT_FOUND}. */
export function resolveVariable(ctx: EvalContext, scope: Scope, name: string): unknown {
  const layer = scope.layerOf(name);
  if (!layer) return NOT_FOUND;
  if (layer.trust === 'unsafe') {
    ctx.tainted = true;
    return observe(ctx, layer.vars[name]);
  }
  if (layer.trust === 'data') return observe(ctx, layer.vars[name]);
  const memo = ctx.memo.get(scope);
  if (memo?.has(name)) return memo.get(name);
  const raw = layer.vars[name];
  if (!mayHoldTemplate(raw)) return observe(ctx, raw);
  enter(ctx, scope, name);
  try {
    const value = observe(ctx, renderDeep(ctx, raw, scope));
    if (memo) memo.set(name, value);
    else ctx.memo.set(scope, new Map([[name, value]]));
    return value;
  } finally {
    ctx.resolving.pop();
  }
}

function enter(ctx: EvalContext, scope: Scope, name: string): void {
  if (ctx.resolving.some((r) => r.scope === scope && r.name === name)) {
    throw new VariableLoopError([...ctx.resolving.map((r) => r.name), name]);
  }
  const max = ctx.budget.limits.maxVariableDepth;
  if (ctx.resolving.length >= max) {
    throw new TemplateLimitError('maxVariableDepth', `variables refer to variables more than ${max} levels deep (at '${name}')`);
  }
  ctx.resolving.push({ scope, name });
}

function mayHoldTemplate(value: unknown): boolean {
  if (typeof value === 'string') return hasTemplateMarker(value);
  return typeof value === 'object' && value !== null && !(value instanceof UnsafeText) && !isUnsafe(value);
}

/**
 * Renders every template string inside `value` (list items, mapping keys and values), leaving
 * host data alone. Returns `value` itself when nothing changed, so template-free data costs
 * no copy.
 */
function renderDeep(ctx: EvalContext, value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') return hasTemplateMarker(value) ? renderText(ctx, value, scope) : value;
  if (value === null || typeof value !== 'object' || value instanceof UnsafeText || isUnsafe(value)) return value;
  ctx.budget.step();
  ctx.budget.enter();
  try {
    if (Array.isArray(value)) return renderList(ctx, value, scope);
    if (isMapping(value)) return renderMapping(ctx, value, scope);
    return value;
  } finally {
    ctx.budget.leave();
  }
}

function renderList(ctx: EvalContext, list: unknown[], scope: Scope): unknown[] {
  let changed = false;
  const out = list.map((item) => {
    const rendered = renderDeep(ctx, item, scope);
    if (rendered !== item) changed = true;
    return rendered;
  });
  return changed ? out : list;
}

function renderMapping(ctx: EvalContext, map: Mapping, scope: Scope): Mapping {
  let changed = false;
  const out: Mapping = {};
  for (const key of Object.keys(map)) {
    const renderedKey = hasTemplateMarker(key) ? pyStr(renderText(ctx, key, scope)) : key;
    const value = map[key];
    const rendered = renderDeep(ctx, value, scope);
    if (renderedKey !== key || rendered !== value) changed = true;
    setKey(out, renderedKey, rendered);
  }
  return changed ? out : map;
}
