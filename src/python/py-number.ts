/**
 * Python's two number types on JavaScript values. Ansible prints `1.0` for a float and `1`
 * for an int, and Python ints never lose digits, so:
 *
 * - an int is a safe-integer `number`, or a `bigint` beyond 2^53 (never a bigint inside it);
 * - a float is a non-integer `number` (0.5, NaN, ±Infinity) or, when its value happens to be
 *   whole (1.0, 5.0, 1e20, -0.0), a {@link PyFloat} box.
 *
 * Only whole floats are boxed, so plain data (ports, counts, ratios) stays plain numbers and
 * the common paths never allocate. Anything that reads a number goes through
 * {@link numberValue} (or {@link toNumber}) instead of `typeof value === 'number'`.
 */

/** A float whose value is whole: what JavaScript's number alone would print as an int. */
export class PyFloat {
  constructor(readonly value: number) {}

  /** JavaScript arithmetic and Number() that do not know the box still see the number. */
  valueOf(): number {
    return this.value;
  }

  /** JSON writers that do not know the box still see a number. */
  toJSON(): number {
    return this.value;
  }

  toString(): string {
    return floatRepr(this.value);
  }
}

/** Python's int: a safe-integer number or a bigint. */
export type PyInt = number | bigint;

/** A float result, boxed when its value is whole. */
export function pyFloat(n: number): number | PyFloat {
  return Number.isInteger(n) ? new PyFloat(n) : n;
}

/** An int result: a number while it is exact, a bigint beyond. */
export function pyInt(n: bigint | number): PyInt {
  if (typeof n === 'number') return Number.isSafeInteger(n) ? n : BigInt(n);
  return n >= -MAX_SAFE && n <= MAX_SAFE ? Number(n) : n;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Whether a value is a Python float. */
export function isPyFloat(value: unknown): value is number | PyFloat {
  return value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value));
}

/** Whether a value is a Python int (booleans are not, though Python's bool subclasses int). */
export function isPyInt(value: unknown): value is PyInt {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
}

/** Whether a value is a Python number of either kind (not a boolean). */
export function isPyNumber(value: unknown): value is number | bigint | PyFloat {
  return typeof value === 'number' || typeof value === 'bigint' || value instanceof PyFloat;
}

/** A number's value as a JavaScript number (a bigint rounds), or undefined for non-numbers. */
export function numberValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** Unboxes every {@link PyFloat} and turns every bigint into a (rounded) number: for JavaScript consumers. */
export function plainNumber(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value;
  return typeof value === 'bigint' ? Number(value) : value;
}

/**
 * Python's `repr(float)`: the shortest digits that read back the same, in positional form
 * from 1e-4 up to 1e16 (always with a fraction: `1.0`), in exponent form outside (`1e+20`,
 * `1.5e-05`), and `inf`, `-inf`, `nan`.
 */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = n.toExponential().split('e') as [string, string];
  const e = Number(exp);
  if (e < -4 || e >= 16) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  const text = positional(mantissa, e);
  return text.includes('.') ? text : `${text}.0`;
}

/** `d.ddd` × 10^e written without an exponent, from toExponential's shortest digits. */
function positional(mantissa: string, e: number): string {
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  let text: string;
  if (e < 0) text = `0.${'0'.repeat(-e - 1)}${digits}`;
  else if (digits.length <= e + 1) text = digits.padEnd(e + 1, '0');
  else text = `${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
  return negative ? `-${text}` : text;
}

/**
 * `format(x, '.Nf')` for x ≥ 0: JavaScript's toFixed, except that an exact tie rounds to even
 * as Python does (`'%.0f' % 2.5` is `2`, toFixed says `3`). Only a value whose binary expansion
 * ends exactly on a 5 is a tie, and toFixed(100) shows it (below 1e21, where toFixed is positional).
 */
export function toFixedHalfEven(x: number, digits: number): string {
  const text = x.toFixed(digits);
  if (!(x < 1e21) || digits >= 100) return text;
  const exact = x.toFixed(100);
  const dot = exact.indexOf('.');
  if (!/^50*$/.test(exact.slice(dot + 1 + digits))) return text;
  const down = exact.slice(0, digits === 0 ? dot : dot + 1 + digits);
  return Number(down.at(-1)) % 2 === 0 ? down : text;
}

/** Python's `repr(int)` of a number or bigint: every digit, never an exponent. */
export function intRepr(n: PyInt): string {
  return typeof n === 'bigint' ? n.toString() : BigInt(n).toString();
}
