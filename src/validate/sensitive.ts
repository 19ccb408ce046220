/**
 * Which arguments hold secrets. A schema node marked `sensitive: true` makes its value, and
 * everything under it, redacted in reports, logs and messages. Reporters ask here rather than
 * reading schemas themselves.
 */
import { textLeaves } from '../events/redact.js';
import type { ArgumentSpec } from './argument-spec.js';
import type { JsonSchema } from './json-schema.js';

/** Matches any key or index at that position of a path. */
export const ANY = '*';

/** A path pattern: keys, with {@link ANY} for "every entry of this map or list". */
export type SensitivePath = readonly string[];

const byStep = new WeakMap<ArgumentSpec, readonly SensitivePath[]>();

/** Every sensitive location of a step's arguments, e.g. `[['stdin'], ['env', '*']]`. */
export function sensitivePaths(step: ArgumentSpec): readonly SensitivePath[] {
  let paths = byStep.get(step);
  if (!paths) {
    paths = collect(step.schema, []);
    byStep.set(step, paths);
  }
  return paths;
}

/** True when the value at `path` (or a value containing it) is sensitive and must be redacted. */
export function isSensitiveArg(step: ArgumentSpec, path: readonly (string | number)[]): boolean {
  return sensitivePaths(step).some(
    (pattern) => pattern.length <= path.length && pattern.every((segment, i) => segment === ANY || segment === String(path[i])),
  );
}

/** A copy of `args` with every sensitive value replaced by `redacted`, for reporters. */
export function redactArgs(step: ArgumentSpec, args: Record<string, unknown>, redacted = '********'): Record<string, unknown> {
  return redactIn(step, args, [], redacted) as Record<string, unknown>;
}

/**
 * Every text held at a sensitive location of rendered `args` (numbers as text; booleans are
 * no secret). The runner adds them to the run's secrets, so a command that echoes its stdin or
 * env back is masked in every output, not only the argument itself.
 */
export function sensitiveValues(step: ArgumentSpec, args: Record<string, unknown>): string[] {
  const found: string[] = [];
  const walk = (value: unknown, path: Array<string | number>): void => {
    if (path.length > 0 && isSensitiveArg(step, path)) return void found.push(...textLeaves(value));
    if (Array.isArray(value)) for (const [i, v] of value.entries()) walk(v, [...path, i]);
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(args, []);
  return found.filter((v) => v.length > 0);
}

function redactIn(step: ArgumentSpec, value: unknown, path: Array<string | number>, redacted: string): unknown {
  if (path.length > 0 && isSensitiveArg(step, path)) return redacted;
  if (Array.isArray(value)) return value.map((v, i) => redactIn(step, v, [...path, i], redacted));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactIn(step, v, [...path, k], redacted)]));
  }
  return value;
}

function collect(schema: unknown, at: string[]): SensitivePath[] {
  if (schema === null || typeof schema !== 'object') return [];
  const node = schema as JsonSchema;
  if (node.sensitive === true) return [at];
  const found: SensitivePath[] = [];
  const properties = node.properties as Record<string, unknown> | undefined;
  for (const [name, sub] of Object.entries(properties ?? {})) found.push(...collect(sub, [...at, name]));
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    found.push(...collect(node.additionalProperties, [...at, ANY]));
  }
  if (node.items && typeof node.items === 'object') found.push(...collect(node.items, [...at, ANY]));
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const branches = node[key];
    if (Array.isArray(branches)) for (const branch of branches) found.push(...collect(branch, at));
  }
  return dedupe(found);
}

function dedupe(paths: SensitivePath[]): SensitivePath[] {
  const seen = new Set<string>();
  return paths.filter((p) => {
    const key = JSON.stringify(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
