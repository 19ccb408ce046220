/**
 * Python's truthiness, equality and ordering over template values. Jinja templates are Python
 * expressions; Ansible users rely on `[] ` being false, `1 == 1.0`, `True == 1` and `'a' < 'b'`,
 * and on `'1' == 1` being false, so JavaScript's own rules (`'' == 0`) must never leak in.
 */

import { isPyInt, numberValue, PyFloat } from '../python/py-number.js';
import { UnsafeText } from '../python/unsafe-text.js';
import { TimeDelta } from './datetime.js';
import { TemplateError } from './errors.js';
import { isMapping, isText, type Mapping, textOf, typeName, Undefined } from './values.js';

/** Python's `bool(value)`. An undefined value throws (StrictUndefined). */
export function truthy(value: unknown): boolean {
  if (value instanceof Undefined) value.fail();
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (value instanceof PyFloat) return value.value !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'string') return value.length > 0;
  if (value instanceof UnsafeText) return value.text.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (isMapping(value)) return Object.keys(value).length > 0;
  if (value instanceof TimeDelta) return value.ms !== 0;
  return true;
}

/** Python's `a == b`: numbers and booleans compare by value, containers deeply, types otherwise strictly. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
  if (isText(a) || isText(b)) return isText(a) && isText(b) && textOf(a) === textOf(b);
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && compareNumbers(a, b, na, nb) === 0;
  if (a === null || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => pyEquals(x, b[i]));
  }
  if (isMapping(a) || isMapping(b)) return isMapping(a) && isMapping(b) && mappingsEqual(a, b);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof TimeDelta && b instanceof TimeDelta) return a.ms === b.ms;
  return a === b;
}

function mappingsEqual(a: Mapping, b: Mapping): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && pyEquals(a[k], b[k]));
}

/**
 * A number or boolean as a JavaScript number (Python's bool is an int; a bigint rounds);
 * undefined for anything else. Arithmetic goes through py-arithmetic.ts instead, which is exact.
 */
export function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return numberValue(value);
}

/** Orders two numbers already read by {@link numeric}, exactly when both are ints and one is a bigint. */
function compareNumbers(a: unknown, b: unknown, na: number, nb: number): number {
  if ((typeof a === 'bigint' || typeof b === 'bigint') && isPyInt(a) && isPyInt(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return na < nb ? -1 : na > nb ? 1 : na === nb ? 0 : NaN;
}

/**
 * Python's ordering: -1, 0 or 1. Numbers with numbers, strings with strings, lists
 * lexicographically, datetimes and durations with their own kind; anything else is a
 * TypeError in Python and a {@link TemplateError} here.
 */
export function pyCompare(a: unknown, b: unknown, op = '<'): number {
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return compareNumbers(a, b, na, nb);
  if (isText(a) && isText(b)) {
    const sa = textOf(a);
    const sb = textOf(b);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  }
  if (Array.isArray(a) && Array.isArray(b)) return compareLists(a, b, op);
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  if (a instanceof TimeDelta && b instanceof TimeDelta) return Math.sign(a.ms - b.ms);
  throw new TemplateError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

function compareLists(a: unknown[], b: unknown[], op: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (!pyEquals(a[i], b[i])) return pyCompare(a[i], b[i], op);
  }
  return Math.sign(a.length - b.length);
}

/** Python's `needle in haystack` for strings, lists and mappings. */
export function pyContains(haystack: unknown, needle: unknown): boolean {
  if (haystack instanceof Undefined) haystack.fail();
  if (needle instanceof Undefined) needle.fail();
  if (isText(haystack)) {
    if (!isText(needle)) throw new TemplateError(`'in <string>' requires string as left operand, not ${typeName(needle)}`);
    return textOf(haystack).includes(textOf(needle));
  }
  if (Array.isArray(haystack)) return haystack.some((item) => pyEquals(item, needle));
  if (isMapping(haystack)) return isText(needle) && Object.hasOwn(haystack, textOf(needle));
  throw new TemplateError(`argument of type '${typeName(haystack)}' is not iterable`);
}
