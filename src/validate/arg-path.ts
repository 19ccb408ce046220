/**
 * Paths inside a step's arguments: `['valid_at', 'soon']`, `['argv', 0]`. They are what an
 * argument issue carries so the loader can point at the exact YAML node, and what reporters
 * match against sensitive arguments.
 */

/** A path inside the arguments: mapping keys and list indexes. */
export type ArgPath = Array<string | number>;

/**
 * Turns an ajv instancePath (`/argv/0`) into an ArgPath, using the data to tell a list index
 * (a number) from a mapping key that happens to be digits.
 */
export function parseInstancePath(pointer: string, data: unknown): ArgPath {
  if (pointer === '') return [];
  const path: ArgPath = [];
  let current: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const index = Array.isArray(current) && /^\d+$/.test(segment) ? Number(segment) : undefined;
    path.push(index ?? segment);
    current = valueIn(current, index ?? segment);
  }
  return path;
}

/** The value at `path`, or undefined when there is none. */
export function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let current = data;
  for (const segment of path) current = valueIn(current, segment);
  return current;
}

function valueIn(container: unknown, key: string | number): unknown {
  if (container === null || typeof container !== 'object') return undefined;
  // A list has entries at its indexes only (`length` is not one of its values).
  if (Array.isArray(container)) return /^\d+$/.test(String(key)) ? container[Number(key)] : undefined;
  if (!Object.hasOwn(container, key)) return undefined;
  return (container as Record<string | number, unknown>)[key];
}

/** `valid_at.soon`, `argv[0]`: a path as a user would write it; `the arguments` for the root. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'the arguments';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/**
 * True for a value that will only be known after templating (`"{{ port }}"`, `"{% if … %}"`).
 * Such values cannot be type-checked at load time; they are checked again after rendering.
 */
export function isTemplateString(value: unknown): boolean {
  return typeof value === 'string' && (value.includes('{{') || value.includes('{%'));
}
