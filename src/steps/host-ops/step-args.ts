/**
 * Arguments as a step's `run` sees them: validated by the runner, but without defaults (the
 * validator does not fill them in). The defaults live in each step's schema, their one home, so
 * they are read from there rather than repeated in the code.
 */
import type { ArgsSchema, StepArgs } from '../schema-helpers.js';
import type { StepDefinition } from '../step.js';

/**
 * `args` with every absent property that has a schema `default` set to (a copy of) it, typed by
 * the schema (`withDefaults(schema, rawArgs)`: see `StepArgs`).
 */
export function withDefaults<S extends ArgsSchema>(schema: S, args: Record<string, unknown>): StepArgs<S>;
/** The same for a step whose argument type is still written by hand (`withDefaults<MyArgs>(step, rawArgs)`). */
export function withDefaults<T extends object>(step: StepDefinition, args: Record<string, unknown>): T;
export function withDefaults(from: ArgsSchema | StepDefinition, args: Record<string, unknown>): object {
  const out: Record<string, unknown> = { ...args };
  const schema = 'properties' in from ? from : from.schema;
  const properties = (schema.properties ?? {}) as Record<string, { default?: unknown }>;
  for (const [name, schema] of Object.entries(properties)) {
    if (out[name] === undefined && schema.default !== undefined) out[name] = structuredClone(schema.default);
  }
  return out;
}

/** One string or a list of them, as a list (`paths: /etc` and `paths: [/etc]` mean the same). */
export function asList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}
