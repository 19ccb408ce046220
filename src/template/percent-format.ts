/**
 * Python's `%` string formatting (`'%s-%02d' % (name, n)`, `'%(host)s' % vars`), which Jinja
 * templates inherit and Ansible playbooks use for padded numbers and the `format` filter.
 */

import { toFixedHalfEven } from '../python/py-number.js';
import { TemplateError } from './errors.js';
import { numeric } from './py-semantics.js';
import { pyRepr, pyStr } from './py-text.js';
import { isMapping, isText, type Mapping, textOf, typeName } from './values.js';

const SPEC = /%(?:\(([^)]*)\))?([-+ 0#]*)(\d+)?(?:\.(\d+))?([sridfFeEgGxXoc%])/g;

/** `format % args`: positional values, or a mapping for `%(name)s`. */
export function percentFormat(format: string, args: readonly unknown[] | Mapping): string {
  const list = Array.isArray(args) ? args : [args];
  let next = 0;
  const out = format.replace(
    SPEC,
    (_whole, name: string | undefined, flags: string, width: string | undefined, precision: string | undefined, type: string) => {
      if (type === '%') return '%';
      let value: unknown;
      if (name !== undefined) {
        if (!isMapping(args) || !Object.hasOwn(args, name)) throw new TemplateError(`format requires a mapping with key '${name}'`);
        value = args[name];
      } else {
        if (next >= list.length) throw new TemplateError('not enough arguments for format string');
        value = list[next++];
      }
      return pad(convert(value, type, flags, precision), flags, width === undefined ? 0 : Number(width), type);
    },
  );
  if (!isMapping(args) && next < list.length) throw new TemplateError('not all arguments converted during string formatting');
  return out;
}

function convert(value: unknown, type: string, flags: string, precision: string | undefined): string {
  if (type === 's') return precision === undefined ? pyStr(value) : pyStr(value).slice(0, Number(precision));
  if (type === 'r') return pyRepr(value);
  if (type === 'c') return isText(value) ? textOf(value) : String.fromCodePoint(toNumber(value, type));
  if (typeof value === 'bigint' && 'dixXo'.includes(type)) return bigDigits(value, type, flags);
  const n = toNumber(value, type);
  const sign = n < 0 || Object.is(n, -0) ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  const abs = Math.abs(n);
  const digits = precision === undefined ? 6 : Number(precision);
  switch (type) {
    case 'd':
    case 'i':
      return sign + Math.trunc(abs).toString();
    case 'f':
    case 'F':
      return sign + toFixedHalfEven(abs, digits);
    case 'e':
    case 'E':
      return sign + exponent(abs.toExponential(digits), type === 'E');
    case 'g':
    case 'G':
      return sign + general(abs, digits, type === 'G');
    case 'x':
      return sign + (flags.includes('#') ? '0x' : '') + Math.trunc(abs).toString(16);
    case 'X':
      return sign + (flags.includes('#') ? '0X' : '') + Math.trunc(abs).toString(16).toUpperCase();
    default:
      return sign + (flags.includes('#') ? '0o' : '') + Math.trunc(abs).toString(8);
  }
}

/** `%d`/`%x`/`%o` of an int beyond 2^53: every digit, as Python. */
function bigDigits(n: bigint, type: string, flags: string): string {
  const sign = n < 0n ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  const abs = n < 0n ? -n : n;
  const radix = type === 'x' || type === 'X' ? 16 : type === 'o' ? 8 : 10;
  const prefix = flags.includes('#') && radix !== 10 ? `0${type === 'o' ? 'o' : type}` : '';
  const digits = abs.toString(radix);
  return sign + prefix + (type === 'X' ? digits.toUpperCase() : digits);
}

function toNumber(value: unknown, type: string): number {
  const n = numeric(value);
  if (n === undefined) throw new TemplateError(`%${type} format: a number is required, not ${typeName(value)}`);
  return n;
}

/** Python writes at least two exponent digits: `1.5e+07`. */
function exponent(text: string, upper: boolean): string {
  const fixed = text.replace(/e([+-])(\d)$/, 'e$10$2');
  return upper ? fixed.toUpperCase() : fixed;
}

function general(abs: number, digits: number, upper: boolean): string {
  const p = digits === 0 ? 1 : digits;
  const exp = abs === 0 ? 0 : Math.floor(Math.log10(abs));
  const text = exp < -4 || exp >= p ? exponent(abs.toExponential(p - 1).replace(/\.?0+e/, 'e'), upper) : String(Number(abs.toPrecision(p)));
  return text;
}

function pad(text: string, flags: string, width: number, type: string): string {
  if (text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (flags.includes('0') && type !== 's' && type !== 'r' && type !== 'c') {
    const sign = /^[-+ ]/.test(text) ? text[0]! : '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width);
}
