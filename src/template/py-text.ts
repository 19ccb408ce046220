/**
 * Python's `str()` and `repr()` of template values, so that text rendered by certbook reads
 * like text rendered by Ansible: `True`, `None`, `[1, 'a']`, `{'k': 'v'}`.
 */

import { floatRepr, intRepr, PyFloat } from '../python/py-number.js';
import { reprString } from '../python/python-quote.js';
import { UnsafeText } from '../python/unsafe-text.js';
import { formatDateTime, TimeDelta } from './datetime.js';
import { TemplateError } from './errors.js';
import { Callable, isMapping, isTuple, OMIT, typeName, Undefined } from './values.js';

/** Python's `str(value)`. */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof UnsafeText) return value.text;
  if (value instanceof Undefined) value.fail();
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? intRepr(value) : floatRepr(value);
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return formatDateTime(value);
  if (value instanceof TimeDelta) return value.toString();
  if (value instanceof Callable)
    throw new TemplateError(`cannot use the function '${value.name}' as a value (did you forget the parentheses?)`);
  if (value === OMIT) throw new TemplateError('`omit` can only be a whole value (`{{ x | default(omit) }}`), not part of a text');
  if (Array.isArray(value) || isMapping(value)) return pyRepr(value);
  throw new TemplateError(`cannot render a value of type '${typeName(value)}'`);
}

/**
 * What `{{ value }}` writes into a larger text. As Ansible's finalize, `None` writes nothing.
 */
export function outputText(value: unknown): string {
  return value === null ? '' : pyStr(value);
}

/** Deeper than this, data is cyclic or absurd; Python would say "[...]", we refuse. */
const MAX_REPR_DEPTH = 200;

/** Python's `repr(value)`, used for values inside lists and mappings. */
export function pyRepr(value: unknown, depth = 0): string {
  if (typeof value === 'string') return reprString(value);
  if (value instanceof UnsafeText) return reprString(value.text);
  if ((Array.isArray(value) || isMapping(value)) && depth > MAX_REPR_DEPTH) {
    throw new TemplateError(`data is nested more than ${MAX_REPR_DEPTH} levels deep (or refers to itself)`);
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => pyRepr(v, depth + 1));
    // A tuple of one needs its comma: `(1,)`.
    if (isTuple(value)) return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    return `[${items.join(', ')}]`;
  }
  if (isMapping(value)) {
    return `{${Object.keys(value)
      .map((k) => `${reprString(k)}: ${pyRepr(value[k], depth + 1)}`)
      .join(', ')}}`;
  }
  if (value instanceof Date) return `datetime.datetime(${reprDateArgs(value)})`;
  if (value instanceof TimeDelta) return `datetime.timedelta(seconds=${value.totalSeconds()})`;
  return pyStr(value);
}

function reprDateArgs(d: Date): string {
  const parts = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
  if (d.getUTCSeconds() || d.getUTCMilliseconds()) parts.push(d.getUTCSeconds());
  if (d.getUTCMilliseconds()) parts.push(d.getUTCMilliseconds() * 1000);
  return parts.join(', ');
}
