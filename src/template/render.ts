/**
 * Rendering, with Ansible's semantics:
 *
 * - A string without `{{`, `{%` or `{#` is returned as it is, without allocating.
 * - A string that is exactly one `{{ expr }}` (whitespace around it allowed) gives the
 *   expression's own value: a number, boolean, list, mapping or null. Any other template
 *   gives a string (`None` writes nothing, `True` writes `True`, lists write as Python does).
 * - Variables are looked up in a {@link Scope} (or plain {@link Vars}), rendered lazily as
 *   scope.ts describes. An undefined variable throws {@link UndefinedVariableError} unless
 *   guarded by `is defined`, `is undefined` or `default`.
 * - {@link UnsafeText} is never rendered. A result computed from host data (an unsafe layer,
 *   an UnsafeText, a container from `markUnsafe`) comes back marked too: a string as an
 *   UnsafeText, containers deep-marked. Use {@link plainData} on step arguments, never on
 *   values stored back as variables.
 * - `{{ x | default(omit) }}` renders to {@link OMIT}; renderValue drops such entries.
 */

import { UnsafeText } from '../python/unsafe-text.js';
import { newContext, type RenderOptions } from './context.js';
import type { EvalContext } from './eval-context.js';
import { isUnsafe, markUnsafe } from './mark-unsafe.js';
import { hasTemplateMarker } from './markers.js';
import { pyStr } from './py-text.js';
import { enterRender, leaveRender } from './render-scope.js';
import { Scope, type Vars } from './scope.js';
import { renderText } from './statements.js';
import { isMapping, type Mapping, OMIT, setKey } from './values.js';

export type { RenderOptions } from './context.js';
export { OMIT } from './values.js';

/** Renders one template string (see the module documentation for the result's type). */
export function renderTemplate(text: string | UnsafeText, vars: Vars | Scope, options?: RenderOptions): unknown {
  if (typeof text !== 'string' || !hasTemplateMarker(text)) return text;
  const ctx = newContext(options);
  enterRender();
  try {
    return finish(ctx, renderText(ctx, text, Scope.from(vars)));
  } finally {
    leaveRender();
  }
}

/**
 * Renders every template string inside a value: list items, mapping values, and mapping
 * keys that hold templates. UnsafeText and marked host data are left as they are. Each
 * string is its own render (its own budget and taint). Unchanged parts are returned as the
 * same objects, and template-free data is walked without allocating.
 */
export function renderValue(value: unknown, vars: Vars | Scope, options?: RenderOptions): unknown {
  if (typeof value === 'string') return renderTemplate(value, vars, options);
  if (value === null || typeof value !== 'object' || value instanceof UnsafeText || isUnsafe(value)) return value;
  enterRender();
  try {
    if (Array.isArray(value)) return renderList(value, vars, options);
    return isMapping(value) ? renderMapping(value, vars, options) : value;
  } finally {
    leaveRender();
  }
}

function renderList(list: unknown[], vars: Vars | Scope, options: RenderOptions | undefined): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const rendered = renderValue(list[i], vars, options);
    if (rendered !== list[i] && !out) out = list.slice(0, i);
    if (rendered !== OMIT) out?.push(rendered);
  }
  return out ?? list;
}

function renderMapping(map: Mapping, vars: Vars | Scope, options: RenderOptions | undefined): Mapping {
  let out: Mapping | undefined;
  const keys = Object.keys(map);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const renderedKey = hasTemplateMarker(key) ? pyStr(renderTemplate(key, vars, options)) : key;
    const rendered = renderValue(map[key], vars, options);
    if (!out && (renderedKey !== key || rendered !== map[key])) {
      out = {};
      for (const earlier of keys.slice(0, i)) setKey(out, earlier, map[earlier]);
    }
    if (out && rendered !== OMIT) setKey(out, renderedKey, rendered);
  }
  return out ?? map;
}

function finish(ctx: EvalContext, result: unknown): unknown {
  return ctx.tainted ? markUnsafe(result) : result;
}
