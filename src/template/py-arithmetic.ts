/**
 * Python's arithmetic on ints and floats (see src/python/py-number.ts for how each is held):
 * int with int stays an exact int, growing into a bigint instead of losing digits (`2 ** 100`);
 * anything with a float is a float (`7.0 // 2` is `3.0`); `/` is always a float; `//` and `%`
 * round toward negative infinity; booleans count as 0 and 1.
 */

import { isPyFloat, numberValue, type PyFloat, type PyInt, pyFloat, pyInt } from '../python/py-number.js';
import { TemplateError } from './errors.js';
import type { Budget } from './limits.js';
import { typeName } from './values.js';

/** A number operand: an int (bigint or safe number), or a float's value. */
type Operand = { int: PyInt } | { float: number };

/** The operand a value is, or undefined when it is not a number (nor a bool). */
export function operand(value: unknown): Operand | undefined {
  if (typeof value === 'boolean') return { int: value ? 1 : 0 };
  if (isPyFloat(value)) return { float: numberValue(value)! };
  if (typeof value === 'number' || typeof value === 'bigint') return { int: value };
  return undefined;
}

/** `left op right` for `+ - * / // % **` on numbers; a TypeError's wording for anything else. */
export function arithmetic(op: string, left: unknown, right: unknown, budget: Budget): PyInt | number | PyFloat {
  if (typeof left === 'number' && typeof right === 'number') {
    // The common case (two plain numbers) without building operands.
    const ints = Number.isInteger(left) && Number.isInteger(right);
    return ints && op !== '/' ? intOp(op, left, right, budget) : floatOp(op, left, right, ints);
  }
  const a = operand(left);
  const b = operand(right);
  if (a === undefined || b === undefined) {
    throw new TemplateError(`unsupported operand type(s) for ${op}: '${typeName(left)}' and '${typeName(right)}'`);
  }
  if ('int' in a && 'int' in b && op !== '/') return intOp(op, a.int, b.int, budget);
  const x = 'int' in a ? Number(a.int) : a.float;
  const y = 'int' in b ? Number(b.int) : b.float;
  return floatOp(op, x, y, 'int' in a && 'int' in b);
}

function floatOp(op: string, x: number, y: number, fromInts: boolean): number | PyFloat {
  const what = fromInts ? '' : 'float ';
  switch (op) {
    case '+':
      return pyFloat(x + y);
    case '-':
      return pyFloat(x - y);
    case '*':
      return pyFloat(x * y);
    case '/':
      return pyFloat(x / nonZero(y, `${what}division`));
    case '//':
      return pyFloat(Math.floor(x / nonZero(y, `${what}floor division`)));
    case '%': {
      const r = x % nonZero(y, `${what}modulo`);
      // Python's remainder takes the divisor's sign.
      return pyFloat(r !== 0 && r < 0 !== y < 0 ? r + y : r);
    }
    case '**': {
      if (x === 0 && y < 0) throw new TemplateError('0.0 cannot be raised to a negative power');
      if (x < 0 && !Number.isInteger(y))
        throw new TemplateError('a negative number raised to a fractional power is complex, which templates do not have');
      const r = x ** y;
      if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) throw new TemplateError("(34, 'Numerical result out of range')");
      return pyFloat(r);
    }
    default:
      throw new TemplateError(`unknown operator '${op}'`);
  }
}

function intOp(op: string, a: PyInt, b: PyInt, budget: Budget): PyInt | number | PyFloat {
  if (typeof a === 'number' && typeof b === 'number') {
    // The fast path: exact while the result stays a safe integer.
    const r = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : undefined;
    if (r !== undefined && Number.isSafeInteger(r)) return r === 0 ? 0 : r;
    // Below 2^53 the quotient of two ints never rounds onto a whole number, so floor is exact.
    if (op === '//' && b !== 0) return Math.floor(a / b) || 0;
    if (op === '%' && b !== 0) {
      const m = a % b;
      return m !== 0 && m < 0 !== b < 0 ? m + b : m || 0;
    }
  }
  if (op === '**') return power(a, b, budget);
  const x = BigInt(a);
  const y = BigInt(b);
  switch (op) {
    case '+':
      return pyInt(x + y);
    case '-':
      return pyInt(x - y);
    case '*':
      return checkedInt(x * y, budget);
    case '//': {
      const q = x / nonZeroBig(y, 'integer division or modulo');
      return pyInt(x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q);
    }
    case '%': {
      const r = x % nonZeroBig(y, 'integer division or modulo');
      return pyInt(r !== 0n && r < 0n !== y < 0n ? r + y : r);
    }
    default:
      throw new TemplateError(`unknown operator '${op}'`);
  }
}

function power(a: PyInt, b: PyInt, budget: Budget): PyInt | number | PyFloat {
  if (b < 0) return floatOp('**', Number(a), Number(b), true);
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a ** b;
    if (Number.isSafeInteger(r)) return r;
  }
  const base = BigInt(a);
  const abs = base < 0n ? -base : base;
  // Bound the digits before computing them: `9 ** 10 ** 9` would otherwise run for hours.
  if (abs > 1n) budget.checkLength(Math.ceil(Number(b) * Math.log10(Number(abs))));
  return pyInt(base ** BigInt(b));
}

function checkedInt(n: bigint, budget: Budget): PyInt {
  budget.checkLength(n.toString().length);
  return pyInt(n);
}

function nonZero(y: number, what: string): number {
  if (y === 0) throw new TemplateError(`${what} by zero`);
  return y;
}

function nonZeroBig(y: bigint, what: string): bigint {
  if (y === 0n) throw new TemplateError(`${what} by zero`);
  return y;
}

/** Python's unary minus: ints stay exact, `-0.0` stays a float. */
export function negate(value: unknown): PyInt | number | PyFloat | undefined {
  const a = operand(value);
  if (a === undefined) return undefined;
  if ('float' in a) return pyFloat(-a.float);
  return typeof a.int === 'bigint' ? pyInt(-a.int) : 0 - a.int;
}

/** Python's unary plus: a bool becomes its int, any other number is itself. */
export function positive(value: unknown): PyInt | number | PyFloat | undefined {
  const a = operand(value);
  if (a === undefined) return undefined;
  return 'float' in a ? (value as number | PyFloat) : a.int;
}
