/**
 * Builds the state of one top-level render (see eval-context.ts), wiring filters' helpers to
 * the evaluator.
 */
import { helpersFor } from './dispatch.js';
import type { EvalContext } from './eval-context.js';
import { attributeOf } from './evaluate.js';
import { Budget, DEFAULT_LIMITS, type TemplateLimits } from './limits.js';

/** Options every render entry point takes. */
export interface RenderOptions {
  /** Tighter or looser bounds than {@link DEFAULT_LIMITS} for this render. */
  limits?: Partial<TemplateLimits>;
}

/** A fresh context with its own budget. */
export function newContext(options: RenderOptions | undefined): EvalContext {
  const limits = options?.limits ? { ...DEFAULT_LIMITS, ...options.limits } : DEFAULT_LIMITS;
  const ctx: EvalContext = {
    budget: new Budget(limits),
    tainted: false,
    resolving: [],
    memo: new Map(),
    helpers: undefined as unknown as EvalContext['helpers'],
  };
  ctx.helpers = helpersFor(ctx, (value, key, path) => attributeOf(ctx, value, key, path));
  return ctx;
}
