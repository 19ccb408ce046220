/**
 * Python's `json.dumps` output for template values, as Ansible's `to_json` writes it:
 * `", "` and `": "` separators, non-ASCII escaped by default, optional indent and key
 * sorting; datetimes as ISO text. Functions, undefined values and scopes cannot be written.
 */

import { floatRepr, intRepr, isPyFloat, numberValue, PyFloat } from '../python/py-number.js';
import { jsonString } from '../python/python-quote.js';
import { sortCodePoints } from '../python/python-text.js';
import { UnsafeText } from '../python/unsafe-text.js';
import { formatDateTime } from './datetime.js';
import { TemplateError, TemplateLimitError } from './errors.js';
import type { Budget } from './limits.js';
import { isMapping, typeName } from './values.js';

/** json.dumps options. */
export interface JsonOptions {
  indent?: number;
  sortKeys?: boolean;
  ensureAscii?: boolean;
  /** [item separator, key separator]; Python's default depends on `indent`. */
  separators?: [string, string];
}

/** `json.dumps(value, …)`; the budget bounds the output length. */
export function pyJson(value: unknown, options: JsonOptions, budget: Budget): string {
  const indent = options.indent;
  const [itemSep, keySep] = options.separators ?? (indent === undefined ? [', ', ': '] : [',', ': ']);
  let length = 0;
  const write = (v: unknown, depth: number): string => {
    budget.step();
    if (depth > budget.limits.maxDepth) {
      throw new TemplateLimitError('maxDepth', `data is nested more than ${budget.limits.maxDepth} levels deep (or refers to itself)`);
    }
    const out = dump(v, depth);
    length += out.length;
    budget.checkLength(length);
    return out;
  };
  const dump = (v: unknown, depth: number): string => {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number' || v instanceof PyFloat) return jsonNumber(v);
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'string' || v instanceof UnsafeText) return jsonString(String(v), options.ensureAscii ?? true);
    if (v instanceof Date) return jsonString(formatDateTime(v).replace(' ', 'T'), true);
    const pad = indent === undefined ? '' : `\n${' '.repeat(indent * (depth + 1))}`;
    const end = indent === undefined ? '' : `\n${' '.repeat(indent * depth)}`;
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[${pad}${v.map((x) => write(x, depth + 1)).join(itemSep + pad)}${end}]`;
    }
    if (isMapping(v)) {
      const keys = Object.keys(v);
      if (keys.length === 0) return '{}';
      if (options.sortKeys) sortCodePoints(keys);
      const body = keys.map((k) => `${jsonString(k, options.ensureAscii ?? true)}${keySep}${write(v[k], depth + 1)}`);
      return `{${pad}${body.join(itemSep + pad)}${end}}`;
    }
    throw new TemplateError(`Object of type ${typeName(v)} is not JSON serializable`);
  };
  return write(value, 0);
}

/** json.dumps of a number: an int's digits, a float's repr (`1.0`, `1e+20`), NaN and Infinity as Python spells them. */
function jsonNumber(v: number | PyFloat): string {
  const n = numberValue(v)!;
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  return isPyFloat(v) ? floatRepr(n) : intRepr(n);
}
