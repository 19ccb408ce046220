/**
 * Deterministic JSON for committed files: the same schema always gives the same bytes, however
 * the code happens to build the object, so the stale-schema check compares meaning, not luck.
 */

/** Schema keywords printed first, in this order; every other key follows alphabetically. */
const LEADING_KEYS = ['$schema', '$id', '$ref', 'title', 'description', 'type'];

/** 2-space JSON with a trailing newline and keys in canonical order (arrays keep their order). */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(canonical(value), null, 2)}\n`;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value).sort(compareKeys);
  return Object.fromEntries(keys.map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
}

function compareKeys(a: string, b: string): number {
  const ia = LEADING_KEYS.indexOf(a);
  const ib = LEADING_KEYS.indexOf(b);
  if (ia !== -1 || ib !== -1) return (ia === -1 ? Infinity : ia) - (ib === -1 ? Infinity : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}
