/**
 * Scalar filters, with Ansible's (not JavaScript's) conversions: `int` reads `'42.7'` as 42
 * and `'x'` as 0, `bool` knows yes/no/on/off/1/0/true/false, `round` rounds half to even as
 * Python does, `default` replaces only undefined values unless asked to replace falsy ones.
 */

import { isPyFloat, isPyNumber, numberValue, type PyInt, pyFloat, pyInt } from '../python/py-number.js';
import { TemplateError, UndefinedVariableError } from './errors.js';
import { arg, type FilterSpec, flagArg, intArg, textArg, typeError } from './filter-api.js';
import { percentFormat } from './percent-format.js';
import { numeric, truthy } from './py-semantics.js';
import { pyCapitalize, pyReplace, pyStrip, pyTitle, replacedLength } from './py-strings.js';
import { pyStr } from './py-text.js';
import { Scope } from './scope.js';
import { isMapping, isText, textOf, typeName, Undefined } from './values.js';

const defaultFilter: FilterSpec = {
  undefinedOperand: true,
  undefinedArgs: true,
  fn: (value, args) => {
    const fallback = arg(args, 0, 'default_value') ?? '';
    if (value instanceof Undefined || (flagArg(args, 1, 'boolean', false) && !truthy(value))) return fallback;
    return value;
  },
};

function length(value: unknown): number {
  if (isText(value)) return Array.from(textOf(value)).length;
  if (Array.isArray(value)) return value.length;
  if (isMapping(value)) return Object.keys(value).length;
  if (value instanceof Scope) return value.names().length;
  return typeError('length', 'a string, list or mapping', value);
}

const INT_TEXT = /^\s*[+-]?\d+(?:_\d+)*\s*$/;
const FLOAT_TEXT = /^\s*[+-]?(?:(?:\d+(?:_\d+)*)?\.?\d+(?:_\d+)*(?:[eE][+-]?\d+)?|\d+\.|inf(?:inity)?|nan)\s*$/i;

/** Python's `float(text)`, or undefined where Python raises ValueError. */
export function parseFloatText(text: string): number | undefined {
  if (!FLOAT_TEXT.test(text)) return undefined;
  const t = text.trim().toLowerCase().replace(/_/g, '');
  if (t.endsWith('inf') || t.endsWith('infinity')) return t.startsWith('-') ? -Infinity : Infinity;
  return t.endsWith('nan') ? NaN : Number(t);
}

function parseIntText(text: string, base: number): PyInt | undefined {
  if (base === 10) {
    // BigInt reads every digit: `'123456789012345678901234567890' | int` stays exact.
    if (INT_TEXT.test(text)) return pyInt(BigInt(text.trim().replace(/_/g, '')));
    const f = parseFloatText(text);
    return f === undefined || !Number.isFinite(f) ? undefined : truncate(f);
  }
  const t = text.trim().toLowerCase().replace(/_/g, '');
  const sign = t.startsWith('-') ? -1 : 1;
  let digits = t.replace(/^[+-]/, '');
  const prefixed = /^0([xob])/.exec(digits);
  const prefixBase = prefixed ? { x: 16, o: 8, b: 2 }[prefixed[1] as 'x' | 'o' | 'b'] : undefined;
  if (prefixBase !== undefined && (base === 0 || base === prefixBase)) digits = digits.slice(2);
  const radix = base === 0 ? (prefixBase ?? 10) : base;
  if (!digits || [...digits].some((c) => Number.isNaN(parseInt(c, radix)))) return undefined;
  return sign * parseInt(digits, radix);
}

function toInt(value: unknown, args: Parameters<FilterSpec['fn']>[1]): unknown {
  const fallback = arg(args, 0, 'default') ?? 0;
  const base = intArg(args, 1, 'base', 10, 'int');
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return value;
  const n = numberValue(value);
  if (n !== undefined) return Number.isFinite(n) ? truncate(n) : fallback;
  if (isText(value)) return parseIntText(textOf(value), base) ?? fallback;
  return fallback;
}

/** Python's `int(float)`: toward zero, every digit kept (`1e20 | int` is 100000000000000000000). */
function truncate(n: number): PyInt {
  return pyInt(BigInt(Math.trunc(n)));
}

function toFloat(value: unknown, args: Parameters<FilterSpec['fn']>[1]): unknown {
  const fallback = arg(args, 0, 'default') ?? 0;
  const n = numeric(value);
  if (n !== undefined) return pyFloat(n);
  if (isText(value)) {
    const f = parseFloatText(textOf(value));
    return f === undefined ? fallback : pyFloat(f);
  }
  return fallback;
}

/** Ansible's `bool`: true for true, 'yes', 'on', '1', 'true' (any case) and 1; None stays None; all else false. */
export function ansibleBool(value: unknown): boolean | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value;
  if (isText(value)) return ['yes', 'on', '1', 'true'].includes(textOf(value).toLowerCase());
  // Python's `value in (…, 1)`: 1.0 == 1 too.
  return isPyNumber(value) && numberValue(value) === 1;
}

/** Python's round(): half to even, at `precision` digits. */
function roundHalfEven(x: number, precision: number): number {
  const scale = 10 ** precision;
  const scaled = x * scale;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  const rounded = diff > 0.5 ? floor + 1 : diff < 0.5 ? floor : floor % 2 === 0 ? floor : floor + 1;
  return rounded / scale;
}

/**
 * Jinja's `round`: `common` is Python's round(value, precision), so an int stays an int and a
 * float stays a float (`3.7 | round` is `4.0`); `floor` and `ceil` divide, so give a float.
 */
function round(value: unknown, args: Parameters<FilterSpec['fn']>[1]): unknown {
  const n = numeric(value);
  if (n === undefined) return typeError('round', 'a number', value);
  const precision = intArg(args, 0, 'precision', 0, 'round');
  const method = textArg(args, 1, 'method', 'common', 'round');
  const scale = 10 ** precision;
  if (method === 'floor') return pyFloat(Math.floor(n * scale) / scale);
  if (method === 'ceil') return pyFloat(Math.ceil(n * scale) / scale);
  if (method !== 'common') throw new TemplateError("round: method must be 'common', 'ceil' or 'floor'");
  if (!isPyFloat(value)) return precision >= 0 ? (typeof value === 'boolean' ? Number(value) : value) : roundHalfEven(n, precision);
  return pyFloat(roundHalfEven(n, precision));
}

/** Python's abs(): the same kind of number back (`abs(-3)` is 3, `abs(-3.0)` is 3.0). */
function absolute(value: unknown): unknown {
  if (typeof value === 'bigint') return value < 0n ? pyInt(-value) : value;
  const n = numeric(value);
  if (n === undefined) return typeError('abs', 'a number', value);
  return isPyFloat(value) ? pyFloat(Math.abs(n)) : Math.abs(n);
}

function indent(value: unknown, args: Parameters<FilterSpec['fn']>[1]): string {
  const widthArg = arg(args, 0, 'width');
  const pad = isText(widthArg) ? textOf(widthArg) : ' '.repeat(intArg(args, 0, 'width', 4, 'indent'));
  const first = flagArg(args, 1, 'first', false);
  const blank = flagArg(args, 2, 'blank', false);
  return pyStr(value)
    .split('\n')
    .map((line, i) => ((i === 0 && !first) || (!blank && line.trim() === '') ? line : pad + line))
    .join('\n');
}

/** The scalar filters, by name. */
export const BASIC_FILTERS: Record<string, FilterSpec> = {
  default: defaultFilter,
  d: defaultFilter,
  mandatory: {
    undefinedOperand: true,
    fn: (value, args) => {
      if (!(value instanceof Undefined)) return value;
      const msg = arg(args, 0, 'msg');
      throw new UndefinedVariableError(value.path, isText(msg) ? `is mandatory: ${textOf(msg)}` : 'is mandatory but undefined');
    },
  },
  length: { fn: length },
  count: { fn: length },
  int: { fn: toInt },
  float: { fn: toFloat },
  string: { fn: (value) => pyStr(value) },
  bool: { fn: ansibleBool },
  lower: { fn: (value) => pyStr(value).toLowerCase() },
  upper: { fn: (value) => pyStr(value).toUpperCase() },
  capitalize: { fn: (value) => pyCapitalize(pyStr(value)) },
  title: { fn: (value) => pyTitle(pyStr(value)) },
  trim: {
    fn: (value, args) => {
      const chars = arg(args, 0, 'chars');
      return pyStrip(pyStr(value), chars === undefined || chars === null ? null : textArg(args, 0, 'chars', '', 'trim'));
    },
  },
  replace: {
    fn: (value, args, { budget }) => {
      const text = pyStr(value);
      const old = textArg(args, 0, 'old', '', 'replace');
      const replacement = textArg(args, 1, 'new', '', 'replace');
      const count = arg(args, 2, 'count') === null ? -1 : intArg(args, 2, 'count', -1, 'replace');
      budget.checkLength(replacedLength(text, old, replacement, count));
      return pyReplace(text, old, replacement, count);
    },
  },
  abs: { fn: absolute },
  round: { fn: round },
  ternary: {
    undefinedArgs: true,
    fn: (value, args) => {
      const noneValue = arg(args, 2, 'none_val');
      if (value === null && noneValue !== undefined) return noneValue;
      return truthy(value) ? arg(args, 0, 'true_val') : arg(args, 1, 'false_val');
    },
  },
  type_debug: { fn: (value) => typeName(value) },
  format: {
    fn: (value, args, { budget }) => {
      const out = percentFormat(pyStr(value), Object.keys(args.keywords).length > 0 ? args.keywords : args.positional);
      budget.checkLength(out.length);
      return out;
    },
  },
  indent: { fn: indent },
};
