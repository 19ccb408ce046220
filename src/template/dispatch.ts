/**
 * Calls filters and tests by name with Jinja's StrictUndefined rules: an undefined operand
 * fails unless the filter or test is one that exists to handle it (`default`, `defined`, …),
 * and `map`/`select` reach other filters and tests through the same path.
 */

import { TemplateError } from './errors.js';
import type { EvalContext } from './eval-context.js';
import type { FilterHelpers } from './filter-api.js';
import { FILTERS } from './filters.js';
import { TESTS } from './tests.js';
import { type CallArgs, Undefined } from './values.js';

/** `value | name(args)`. */
export function applyFilter(ctx: EvalContext, name: string, value: unknown, args: CallArgs): unknown {
  const spec = FILTERS.get(name);
  if (!spec) throw new TemplateError(`no filter named '${name}'`);
  if (value instanceof Undefined && !spec.undefinedOperand) value.fail();
  return spec.fn(value, args, ctx.helpers);
}

/** `value is name(args)`. */
export function runTest(ctx: EvalContext, name: string, value: unknown, args: CallArgs): boolean {
  const spec = TESTS.get(name);
  if (!spec) throw new TemplateError(`no test named '${name}'`);
  if (value instanceof Undefined) {
    if (spec.onUndefined === 'false') return false;
    if (spec.onUndefined !== 'pass') value.fail();
  }
  return spec.fn(value, args, ctx.helpers);
}

/** Whether a filter accepts undefined arguments (only the one it picks must be defined). */
export function takesUndefinedArgs(name: string): boolean {
  return FILTERS.get(name)?.undefinedArgs === true;
}

/** The helpers a context hands to filters, bound to that context. */
export function helpersFor(ctx: EvalContext, attribute: FilterHelpers['attribute']): FilterHelpers {
  return {
    budget: ctx.budget,
    filter: (name, value, args) => applyFilter(ctx, name, value, args),
    test: (name, value, args) => runTest(ctx, name, value, args),
    attribute,
  };
}
