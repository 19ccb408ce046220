/**
 * Bounds on the work one render may do. @huggingface/jinja has no CPU or memory limit, and a
 * template such as `{{ 'x' * 10**9 }}` or three nested `range(1000)` loops would hang a run
 * or exhaust memory; every such path in our evaluator checks a {@link Budget} first and throws
 * {@link TemplateLimitError} instead.
 */
import { TemplateLimitError } from './errors.js';

/** Safety bounds, per top-level render (lazy variables share their caller's budget). */
export interface TemplateLimits {
  /** Longest string any operation may build, including the rendered output. */
  maxOutputChars: number;
  /** Longest list any operation may build (`range`, `list * n`, …). */
  maxItems: number;
  /** Evaluation steps (one per AST node visited and per loop iteration). */
  maxSteps: number;
  /** Nesting of evaluation: expressions inside expressions, filters inside loops. */
  maxDepth: number;
  /** Nesting of lazily rendered variables (`a: "{{ b }}"`, `b: "{{ c }}"`, …). */
  maxVariableDepth: number;
  /** Nesting of brackets and parentheses in a template's source, checked before parsing. */
  maxSourceNesting: number;
}

/** Generous for real playbooks (a rendered config file of a few MB), fatal for abuse. */
export const DEFAULT_LIMITS: Readonly<TemplateLimits> = Object.freeze({
  maxOutputChars: 4 * 1024 * 1024,
  maxItems: 1_000_000,
  maxSteps: 2_000_000,
  maxDepth: 200,
  maxVariableDepth: 50,
  maxSourceNesting: 64,
});

/** The running count of one render's work against its limits. */
export class Budget {
  private steps = 0;
  private depth = 0;

  constructor(readonly limits: Readonly<TemplateLimits> = DEFAULT_LIMITS) {}

  /** Counts one unit of work. */
  step(): void {
    if (++this.steps > this.limits.maxSteps) {
      throw new TemplateLimitError('maxSteps', `template evaluation exceeded ${this.limits.maxSteps} steps`);
    }
  }

  /** Enters one level of nesting; pair with {@link leave} in a `finally`. */
  enter(): void {
    if (++this.depth > this.limits.maxDepth) {
      throw new TemplateLimitError('maxDepth', `template nesting exceeded ${this.limits.maxDepth} levels`);
    }
  }

  leave(): void {
    this.depth--;
  }

  /** Refuses to build a string of `length` characters when that is over the bound. */
  checkLength(length: number): void {
    if (length > this.limits.maxOutputChars) {
      throw new TemplateLimitError('maxOutputChars', `template output would exceed ${this.limits.maxOutputChars} characters`);
    }
  }

  /** Refuses to build a list of `count` items when that is over the bound. */
  checkItems(count: number): void {
    if (count > this.limits.maxItems) {
      throw new TemplateLimitError('maxItems', `template would build a list of more than ${this.limits.maxItems} items`);
    }
  }
}
