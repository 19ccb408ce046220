/**
 * Marking host data so it is never templated: strings become {@link UnsafeText}, and every
 * list and mapping `markUnsafe` builds is remembered (in a WeakSet), so the evaluator knows in
 * O(1) that a whole registered result is host data, and so is anything computed from it.
 */

import { plainNumber } from '../python/py-number.js';
import { UnsafeText } from '../python/unsafe-text.js';
import { isMapping, type Mapping, setKey } from './values.js';

const unsafeContainers = new WeakSet<object>();

/**
 * A deep copy of `value` in which every string is an {@link UnsafeText}. Call it on what a
 * host returned (a registered result, facts) before storing it as a variable: its text then
 * renders literally, however many `{{` it holds, and so does any template result that used it.
 * Containers already marked are returned as they are.
 */
export function markUnsafe<T>(value: T): T {
  return mark(value) as T;
}

function mark(value: unknown): unknown {
  if (typeof value === 'string') return new UnsafeText(value);
  if (value === null || typeof value !== 'object' || value instanceof UnsafeText) return value;
  if (unsafeContainers.has(value)) return value;
  let copy: unknown[] | Mapping;
  if (Array.isArray(value)) copy = value.map(mark);
  else if (isMapping(value)) {
    copy = {};
    for (const key of Object.keys(value)) setKey(copy, key, mark(value[key]));
  } else return value;
  unsafeContainers.add(copy);
  return copy;
}

/** Whether a value is host data: an {@link UnsafeText}, or a container built by {@link markUnsafe}. */
export function isUnsafe(value: unknown): boolean {
  return value instanceof UnsafeText || (typeof value === 'object' && value !== null && unsafeContainers.has(value));
}

/**
 * The same data with every {@link UnsafeText} turned back into its string, and Python's
 * numbers made JavaScript numbers (a whole float unboxed, a bigint rounded) unless
 * `keepNumbers`: what a step receives as arguments. Never store the result as a variable:
 * the marks are gone.
 */
export function plainData(value: unknown, keepNumbers = false): unknown {
  if (value instanceof UnsafeText) return value.text;
  if (Array.isArray(value)) return value.map((item) => plainData(item, keepNumbers));
  if (isMapping(value)) {
    const copy: Mapping = {};
    for (const key of Object.keys(value)) setKey(copy, key, plainData(value[key], keepNumbers));
    return copy;
  }
  return keepNumbers ? value : plainNumber(value);
}
