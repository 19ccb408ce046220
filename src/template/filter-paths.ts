/**
 * Jinja's attribute paths for filters (`sort(attribute='meta.name')`, `map(attribute='0')`):
 * dotted parts, numeric parts as list indices, read exactly as `value.part` would be.
 */
import type { FilterHelpers } from './filter-api.js';
import { pyCompare } from './py-semantics.js';
import { isText, textOf } from './values.js';

/** The value at a dotted `path` in `item` (an undefined value when a part is missing). */
export function valueAtPath(helpers: FilterHelpers, item: unknown, path: string): unknown {
  let value = item;
  let walked = 'item';
  for (const part of path.split('.')) {
    walked += `.${part}`;
    const key = /^\d+$/.test(part) ? Number(part) : part;
    const at = walked;
    value = helpers.attribute(value, key, () => at);
  }
  return value;
}

/** A sort key: strings lower-cased unless case matters, as Jinja's `sort`, `min`, `unique` do. */
export function sortKey(value: unknown, caseSensitive: boolean): unknown {
  return !caseSensitive && isText(value) ? textOf(value).toLowerCase() : value;
}

/** Compares two keys with Python ordering. */
export function compareKeys(a: unknown, b: unknown): number {
  return pyCompare(a, b);
}
