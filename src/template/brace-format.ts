/**
 * Python's `str.format` (`'{:>7}'.format(name)`, `'{0}-{port:05d}'.format(a, port=p)`) with the
 * format-spec mini-language: fill, align, sign, `#`, `0`, width, `,`/`_` grouping, precision
 * and the types `s d b o x X c n e E f F g G %`. What it does not implement (attribute and index
 * fields such as `{0.name}`, nested specs such as `{:{width}}`, `!a`) is refused with an error,
 * never rendered half-formatted.
 */

import { floatRepr, isPyFloat, isPyInt, numberValue, toFixedHalfEven } from '../python/py-number.js';
import { TemplateError } from './errors.js';
import { pyRepr, pyStr } from './py-text.js';
import { type CallArgs, isText, textOf, typeName } from './values.js';

const FIELD = /\{\{|\}\}|\{([^{}]*)\}|[{}]/g;

/** `text.format(*args.positional, **args.keywords)`. */
export function braceFormat(text: string, args: CallArgs): string {
  let auto = 0;
  let numbering: 'auto' | 'manual' | undefined;
  return text.replace(FIELD, (whole, field: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    if (field === undefined)
      throw new TemplateError(whole === '{' ? "Single '{' encountered in format string" : "Single '}' encountered in format string");
    const { name, conversion, spec } = splitField(field);
    let value: unknown;
    if (name === '' || /^\d+$/.test(name)) {
      const kind = name === '' ? 'auto' : 'manual';
      if (numbering && numbering !== kind)
        throw new TemplateError('cannot switch between automatic field numbering and manual field specification');
      numbering = kind;
      const at = name === '' ? auto++ : Number(name);
      if (at >= args.positional.length) throw new TemplateError(`Replacement index ${at} out of range for positional args tuple`);
      value = args.positional[at];
    } else if (/^[A-Za-z_]\w*$/.test(name)) {
      if (!Object.hasOwn(args.keywords, name)) throw new TemplateError(`format: no argument named '${name}'`);
      value = args.keywords[name];
    } else {
      throw new TemplateError(`format: the field '{${name}}' is not supported (only {}, {0} and {name}, without attributes or indexes)`);
    }
    if (conversion === 's') value = pyStr(value);
    else if (conversion === 'r') value = pyRepr(value);
    else if (conversion !== undefined) throw new TemplateError(`format: the conversion '!${conversion}' is not supported (only !s and !r)`);
    return formatValue(value, spec);
  });
}

function splitField(field: string): { name: string; conversion?: string; spec: string } {
  const colon = field.indexOf(':');
  const head = colon === -1 ? field : field.slice(0, colon);
  const spec = colon === -1 ? '' : field.slice(colon + 1);
  const bang = head.indexOf('!');
  if (bang === -1) return { name: head, spec };
  return { name: head.slice(0, bang), conversion: head.slice(bang + 1), spec };
}

const SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;

/** A parsed format spec. */
interface Spec {
  fill: string;
  align?: string;
  /** Whether `0` before the width asked for zero padding (without an explicit align). */
  zeroPad: boolean;
  sign?: string;
  alternate: boolean;
  width: number;
  grouping?: string;
  precision?: number;
  type?: string;
}

/** `format(value, spec)`: Python's built-in format of one value. */
export function formatValue(value: unknown, specText: string): string {
  if (specText === '') return pyStr(value);
  const m = SPEC.exec(specText);
  if (!m) throw new TemplateError(`Invalid format specifier '${specText}' for object of type '${typeName(value)}'`);
  const zero = m[6] !== undefined;
  const spec: Spec = {
    fill: m[1] ?? (zero && !m[2] ? '0' : ' '),
    align: m[2],
    zeroPad: zero && !m[2],
    sign: m[3],
    alternate: m[5] !== undefined,
    width: m[7] === undefined ? 0 : Number(m[7]),
    grouping: m[8],
    precision: m[9] === undefined ? undefined : Number(m[9]),
    type: m[10],
  };
  if (isText(value)) return formatText(textOf(value), spec);
  if (typeof value === 'boolean') return formatIntValue(value ? 1n : 0n, spec);
  if (isPyFloat(value)) return formatFloat(numberValue(value)!, floatType(spec.type ?? ''), spec);
  if (isPyInt(value)) return formatIntValue(BigInt(value), spec);
  throw new TemplateError(`unsupported format string passed to ${typeName(value)}.__format__`);
}

function formatText(text: string, spec: Spec): string {
  if (spec.type !== undefined && spec.type !== 's') throw new TemplateError(`Unknown format code '${spec.type}' for object of type 'str'`);
  if (spec.sign !== undefined) throw new TemplateError('Sign not allowed in string format specifier');
  if (spec.align === '=') throw new TemplateError("'=' alignment not allowed in string format specifier");
  if (spec.grouping) throw new TemplateError(`Cannot specify '${spec.grouping}' with 's'.`);
  const chars = Array.from(text);
  const cut = spec.precision === undefined ? text : chars.slice(0, spec.precision).join('');
  return pad('', cut, spec, '<');
}

/** An int with an int type, or as a float with a float type (`'{:.2f}'.format(3)`). */
function formatIntValue(n: bigint, spec: Spec): string {
  const type = spec.type ?? 'd';
  if (type === 's') throw new TemplateError("Unknown format code 's' for object of type 'int'");
  if (!'bcdoxXn'.includes(type)) return formatFloat(Number(n), floatType(type), spec);
  if (spec.precision !== undefined) throw new TemplateError('Precision not allowed in integer format specifier');
  return formatInt(n, type === 'n' ? 'd' : type, spec);
}

function floatType(type: string): string {
  if (type === 's' || ('bcdoxX'.includes(type) && type !== ''))
    throw new TemplateError(`Unknown format code '${type}' for object of type 'float'`);
  return type === 'n' ? 'g' : type;
}

function formatInt(n: bigint, type: string, spec: Spec): string {
  const negative = n < 0n;
  const abs = negative ? -n : n;
  if (type === 'c') return pad('', String.fromCodePoint(Number(n)), spec, '>');
  const radix = { b: 2, o: 8, x: 16, X: 16 }[type as 'b'] ?? 10;
  let digits = abs.toString(radix);
  if (type === 'X') digits = digits.toUpperCase();
  if (spec.grouping) digits = group(digits, spec.grouping, radix === 10 ? 3 : 4);
  const prefix = spec.alternate && radix !== 10 ? `0${type === 'X' ? 'X' : type}` : '';
  return pad(signOf(negative, spec) + prefix, digits, spec, '>');
}

function formatFloat(x: number, type: string, spec: Spec): string {
  const negative = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  const upper = type === 'E' || type === 'F' || type === 'G';
  let body: string;
  if (!Number.isFinite(abs)) body = Number.isNaN(abs) ? 'nan' : 'inf';
  else if (type === '') body = spec.precision === undefined ? floatRepr(abs) : withPoint(general(abs, spec.precision, spec.alternate));
  else if (type === 'f' || type === 'F') body = fixed(abs, spec.precision ?? 6, spec.alternate);
  else if (type === 'e' || type === 'E') body = exponent(abs, spec.precision ?? 6, spec.alternate);
  else if (type === '%') body = `${fixed(abs * 100, spec.precision ?? 6, spec.alternate)}%`;
  else body = general(abs, spec.precision ?? 6, spec.alternate);
  if (upper) body = body.toUpperCase();
  if (spec.grouping && Number.isFinite(abs)) {
    const dot = body.search(/[.eE%]/);
    const int = dot === -1 ? body : body.slice(0, dot);
    body = group(int, spec.grouping, 3) + (dot === -1 ? '' : body.slice(dot));
  }
  return pad(signOf(negative && !Number.isNaN(x), spec), body, spec, '>');
}

function fixed(abs: number, digits: number, alternate: boolean): string {
  const text = toFixedHalfEven(abs, Math.min(digits, 100));
  return alternate && digits === 0 ? `${text}.` : text;
}

function exponent(abs: number, digits: number, alternate: boolean): string {
  const [mantissa, exp] = abs.toExponential(Math.min(digits, 100)).split('e') as [string, string];
  const e = Number(exp);
  return `${mantissa}${alternate && digits === 0 ? '.' : ''}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** The `g` type: significant digits, positional for exponents from -4 to precision-1, trailing zeros dropped. */
function general(abs: number, precision: number, alternate: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (abs === 0) return alternate ? `0.${'0'.repeat(p - 1)}` : '0';
  const e = Number(abs.toExponential(p - 1).split('e')[1]);
  const text = e >= -4 && e < p ? toFixedHalfEven(abs, p - 1 - e) : exponent(abs, p - 1, alternate);
  if (alternate) return text;
  return text.replace(/\.0*(?=e|$)|(\.\d*?)0+(?=e|$)/, '$1');
}

/** The spec without a type shows a float with at least one digit after the point (`1.0`). */
function withPoint(text: string): string {
  return /[.e]|inf|nan/.test(text) ? text : `${text}.0`;
}

function signOf(negative: boolean, spec: Spec): string {
  if (negative) return '-';
  return spec.sign === '+' || spec.sign === ' ' ? spec.sign : '';
}

function group(digits: string, separator: string, size: number): string {
  let out = '';
  for (let i = digits.length; i > 0; i -= size) out = digits.slice(Math.max(0, i - size), i) + (out ? separator + out : '');
  return out;
}

/** Pads to the width: `=` puts the fill between sign (and prefix) and digits. */
function pad(prefix: string, body: string, spec: Spec, defaultAlign: string): string {
  const length = Array.from(prefix + body).length;
  const missing = Math.max(0, spec.width - length);
  const fill = (n: number) => spec.fill.repeat(n);
  // `0` before the width pads numbers after their sign, and text on its right.
  const align = spec.align ?? (spec.zeroPad && defaultAlign === '>' ? '=' : defaultAlign);
  switch (align) {
    case '<':
      return prefix + body + fill(missing);
    case '^':
      return fill(Math.floor(missing / 2)) + prefix + body + fill(Math.ceil(missing / 2));
    case '=':
      return prefix + fill(missing) + body;
    default:
      return fill(missing) + prefix + body;
  }
}
