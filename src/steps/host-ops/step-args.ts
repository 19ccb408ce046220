/**
 * Arguments as a step's `run` sees them: validated by the runner, but without defaults (the
 * validator does not fill them in). The defaults live in each step's schema, their one home, so
 * they are read from there rather than repeated in the code.
 */
import type { StepDefinition } from '../step.js';

/** `args` with every absent property that has a schema `default` set to (a copy of) it. */
export function withDefaults<T extends object>(step: StepDefinition, args: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...args };
  const properties = (step.schema.properties ?? {}) as Record<string, { default?: unknown }>;
  for (const [name, schema] of Object.entries(properties)) {
    if (out[name] === undefined && schema.default !== undefined) out[name] = structuredClone(schema.default);
  }
  return out as T;
}

/** One string or a list of them, as a list (`paths: /etc` and `paths: [/etc]` mean the same). */
export function asList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}
