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
 */
import { newContext, type RenderOptions } from './context.js';
import type { EvalContext } from './eval-context.js';
import { markUnsafe } from './mark-unsafe.js';
import { hasTemplateMarker } from './markers.js';
import { pyStr } from './py-text.js';
import { Scope, type Vars } from './scope.js';
import { renderText } from './statements.js';
import { UnsafeText } from './unsafe.js';
import { isMapping, setKey, type Mapping } from './values.js';

export type { RenderOptions } from './context.js';

/** Renders one template string (see the module documentation for the result's type). */
export function renderTemplate(text: string | UnsafeText, vars: Vars | Scope, options?: RenderOptions): unknown {
  if (typeof text !== 'string' || !hasTemplateMarker(text)) return text;
  const ctx = newContext(options);
  return finish(ctx, renderText(ctx, text, Scope.from(vars)));
}

/**
 * Renders every template string inside a value: list items, mapping values, and mapping
 * keys that hold templates. UnsafeText and marked host data are left as they are. Each
 * string is its own render (its own budget and taint). Unchanged parts are returned as the
 * same objects, so template-free data is not copied.
 */
export function renderValue(value: unknown, vars: Vars | Scope, options?: RenderOptions): unknown {
  if (typeof value === 'string') return renderTemplate(value, vars, options);
  if (value === null || typeof value !== 'object' || value instanceof UnsafeText) return value;
  const scope = Scope.from(vars);
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => {
      const rendered = renderValue(item, scope, options);
      if (rendered !== item) changed = true;
      return rendered;
    });
    return changed ? out : value;
  }
  if (!isMapping(value)) return value;
  return renderMapping(value, scope, options);
}

function renderMapping(map: Mapping, scope: Scope, options: RenderOptions | undefined): Mapping {
  let changed = false;
  const out: Mapping = {};
  for (const key of Object.keys(map)) {
    const renderedKey = hasTemplateMarker(key) ? pyStr(renderTemplate(key, scope, options)) : key;
    const rendered = renderValue(map[key], scope, options);
    if (renderedKey !== key || rendered !== map[key]) changed = true;
    setKey(out, renderedKey, rendered);
  }
  return changed ? out : map;
}

function finish(ctx: EvalContext, result: unknown): unknown {
  return ctx.tainted ? markUnsafe(result) : result;
}
