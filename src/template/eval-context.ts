/**
 * The state of one top-level render, shared by every lazily rendered variable it pulls in:
 * the work budget, whether host data was touched (taint), which variables are being resolved
 * (loop detection), and what was already resolved (each variable renders once per render).
 */

import { UnsafeText } from '../python/unsafe-text.js';
import type { FilterHelpers } from './filter-api.js';
import type { Budget } from './limits.js';
import { isUnsafe } from './mark-unsafe.js';
import type { Scope } from './scope.js';

/** One render's shared state. */
export interface EvalContext {
  readonly budget: Budget;
  /** Set as soon as any host data (unsafe layer, {@link UnsafeText}, marked container) is used. */
  tainted: boolean;
  /** Variables being resolved, outermost first, for loop detection and the depth bound. */
  readonly resolving: Array<{ scope: Scope; name: string }>;
  /** Variables already resolved in this render, per scope. */
  readonly memo: Map<Scope, Map<string, unknown>>;
  /** Filters' window into the evaluator (set once the context is built). */
  helpers: FilterHelpers;
}

/** Returned by lookups that found nothing (distinct from a variable whose value is `undefined`). */
export const NOT_FOUND: unique symbol = Symbol('not found');

/**
 * Template-local names (`{% set %}`, loop variables) above the scope's variables. A frame per
 * `for` iteration keeps Jinja's rule that a `set` inside a loop does not leak out of it.
 */
export class Frame {
  private readonly vars = new Map<string, unknown>();

  constructor(
    readonly scope: Scope,
    private readonly parent?: Frame,
  ) {}

  /** A child frame (one loop iteration). */
  child(): Frame {
    return new Frame(this.scope, this);
  }

  set(name: string, value: unknown): void {
    this.vars.set(name, value);
  }

  lookup(name: string): unknown {
    for (let f: Frame | undefined = this; f; f = f.parent) {
      if (f.vars.has(name)) return f.vars.get(name);
    }
    return NOT_FOUND;
  }
}

/**
 * Notes host data as it is read: an {@link UnsafeText} taints the render and is used as its
 * plain text from here on (the whole result gets re-marked at the end); a marked container
 * taints it too.
 */
export function observe(ctx: EvalContext, value: unknown): unknown {
  if (value instanceof UnsafeText) {
    ctx.tainted = true;
    return value.text;
  }
  if (typeof value === 'object' && value !== null && isUnsafe(value)) ctx.tainted = true;
  return value;
}
