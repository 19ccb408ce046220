/**
 * Jinja's binary operators with Python's semantics: `+` concatenates strings and lists but
 * never a string and a number, `/` always gives a float, `//` and `%` round toward negative
 * infinity, `*` repeats strings and lists (bounded by the {@link Budget}), `%` on a string
 * formats it, and `~` joins the `str()` of both sides.
 */

import { isPyInt } from '../python/py-number.js';
import { TimeDelta } from './datetime.js';
import type { Budget } from './limits.js';
import { percentFormat } from './percent-format.js';
import { arithmetic } from './py-arithmetic.js';
import { pyCompare, pyContains, pyEquals } from './py-semantics.js';
import { pyStr } from './py-text.js';
import { isMapping, isText, isTuple, type Mapping, textOf, Undefined } from './values.js';

/** Applies a binary operator other than `and` / `or` (those short-circuit in the evaluator). */
export function binaryOp(op: string, left: unknown, right: unknown, budget: Budget): unknown {
  if (left instanceof Undefined) left.fail();
  if (right instanceof Undefined) right.fail();
  switch (op) {
    case '==':
      return pyEquals(left, right);
    case '!=':
      return !pyEquals(left, right);
    case '<':
      return pyCompare(left, right, op) < 0;
    case '>':
      return pyCompare(left, right, op) > 0;
    case '<=':
      return pyCompare(left, right, op) <= 0;
    case '>=':
      return pyCompare(left, right, op) >= 0;
    case 'in':
      return pyContains(right, left);
    case 'not in':
      return !pyContains(right, left);
    case '~':
      return concat(pyStr(left), pyStr(right), budget);
    case '+':
      return add(left, right, budget);
    case '-':
      return subtract(left, right, budget);
    case '*':
      return multiply(left, right, budget);
    case '%':
      return isText(left) ? checked(percentFormat(textOf(left), formatArgs(right)), budget) : arithmetic(op, left, right, budget);
    default:
      return arithmetic(op, left, right, budget);
  }
}

/** Python spreads a tuple over the placeholders and uses a mapping for `%(name)s`; anything else is one value. */
function formatArgs(right: unknown): readonly unknown[] | Mapping {
  if (isTuple(right)) return right as unknown[];
  return isMapping(right) ? right : [right];
}

function concat(a: string, b: string, budget: Budget): string {
  budget.checkLength(a.length + b.length);
  return a + b;
}

function checked(text: string, budget: Budget): string {
  budget.checkLength(text.length);
  return text;
}

function add(left: unknown, right: unknown, budget: Budget): unknown {
  if (isText(left) && isText(right)) return concat(textOf(left), textOf(right), budget);
  if (Array.isArray(left) && Array.isArray(right)) {
    budget.checkItems(left.length + right.length);
    return [...left, ...right];
  }
  if (left instanceof Date && right instanceof TimeDelta) return new Date(left.getTime() + right.ms);
  if (left instanceof TimeDelta && right instanceof TimeDelta) return new TimeDelta(left.ms + right.ms);
  return arithmetic('+', left, right, budget);
}

function subtract(left: unknown, right: unknown, budget: Budget): unknown {
  if (left instanceof Date && right instanceof Date) return new TimeDelta(left.getTime() - right.getTime());
  if (left instanceof Date && right instanceof TimeDelta) return new Date(left.getTime() - right.ms);
  if (left instanceof TimeDelta && right instanceof TimeDelta) return new TimeDelta(left.ms - right.ms);
  return arithmetic('-', left, right, budget);
}

function multiply(left: unknown, right: unknown, budget: Budget): unknown {
  if ((isText(left) || Array.isArray(left)) && isPyInt(right)) {
    const n = Math.max(0, Number(right));
    if (isText(left)) {
      budget.checkLength(textOf(left).length * n);
      return textOf(left).repeat(n);
    }
    budget.checkItems(left.length * n);
    return Array.from({ length: n }, () => left).flat();
  }
  if (isText(right) || Array.isArray(right)) return multiply(right, left, budget);
  return arithmetic('*', left, right, budget);
}
