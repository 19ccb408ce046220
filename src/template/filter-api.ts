/**
 * What a filter or test is, and helpers to read its arguments the way Python binds them:
 * by position or by keyword (`round(2, 'floor')` ≡ `round(precision=2, method='floor')`).
 */
import { TemplateError } from './errors.js';
import type { Budget } from './limits.js';
import { numeric, truthy } from './py-semantics.js';
import { type CallArgs, isText, textOf, typeName } from './values.js';

/** What a filter may ask of the evaluator: other filters and tests (for `map`, `select`), and the budget. */
export interface FilterHelpers {
  readonly budget: Budget;
  filter(name: string, value: unknown, args: CallArgs): unknown;
  test(name: string, value: unknown, args: CallArgs): boolean;
  /** `value.key` as a template reads it (undefined when missing; dotted paths are split by the caller). */
  attribute(value: unknown, key: unknown, path: () => string): unknown;
}

/** A filter: `value | name(args…)`. */
export type FilterFn = (value: unknown, args: CallArgs, helpers: FilterHelpers) => unknown;

/** A test: `value is name(args…)`. */
export type TestFn = (value: unknown, args: CallArgs, helpers: FilterHelpers) => boolean;

/** A registered filter and how it treats undefined values. */
export interface FilterSpec {
  fn: FilterFn;
  /** Receives an undefined operand instead of failing (`default`, `mandatory`). */
  undefinedOperand?: boolean;
  /** Receives undefined arguments instead of failing (`ternary`, `default`): only the chosen one matters. */
  undefinedArgs?: boolean;
}

/** A registered test and how it treats an undefined operand. */
export interface TestSpec {
  fn: TestFn;
  /** `'pass'`: the test sees the undefined value (`defined`); `'false'`: the answer is false (`string`). */
  onUndefined?: 'pass' | 'false';
}

/** The argument at `index`, or the keyword `name`, or undefined when neither was given. */
export function arg(args: CallArgs, index: number, name: string): unknown {
  if (index >= 0 && index < args.positional.length) return args.positional[index];
  return Object.hasOwn(args.keywords, name) ? args.keywords[name] : undefined;
}

/** A string argument, with a default. */
export function textArg(args: CallArgs, index: number, name: string, fallback: string, where: string): string {
  const value = arg(args, index, name);
  if (value === undefined) return fallback;
  if (!isText(value)) throw new TemplateError(`${where}: '${name}' must be a string, not ${typeName(value)}`);
  return textOf(value);
}

/** An integer argument, with a default. */
export function intArg(args: CallArgs, index: number, name: string, fallback: number, where: string): number {
  const value = arg(args, index, name);
  if (value === undefined) return fallback;
  const n = numeric(value);
  if (n === undefined || !Number.isInteger(n)) throw new TemplateError(`${where}: '${name}' must be an integer, not ${typeName(value)}`);
  return n;
}

/** A boolean argument (Python truthiness), with a default. */
export function flagArg(args: CallArgs, index: number, name: string, fallback: boolean): boolean {
  const value = arg(args, index, name);
  if (value === undefined) return fallback;
  return truthy(value);
}

/** Refuses a value of the wrong type with Python's wording. */
export function typeError(where: string, expected: string, value: unknown): never {
  throw new TemplateError(`${where} expects ${expected}, got ${typeName(value)}`);
}
