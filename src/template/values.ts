/**
 * The values templates work on. The evaluator runs on plain JavaScript data (no conversion of
 * the whole variable set per render, unlike @huggingface/jinja's own interpreter), so this file
 * says what counts as a mapping, a string or a callable, and makes sure only own properties of
 * plain data are ever reachable: never a prototype, a constructor or a host object's methods.
 */

import { PyFloat } from '../python/py-number.js';
import { UnsafeText } from '../python/unsafe-text.js';
import { UndefinedVariableError } from './errors.js';
import type { Budget } from './limits.js';

/** A mapping as templates see it: a plain object's own enumerable keys. */
export type Mapping = Record<string, unknown>;

/**
 * Jinja's Undefined: what a missing name or attribute evaluates to. It may only be tested
 * (`is defined`) or replaced (`default`); any other use throws, as Ansible's StrictUndefined.
 */
export class Undefined {
  constructor(
    /** The name or path up to the first missing part (`result.stdot`). */
    readonly path: string,
    readonly detail: string = 'is undefined',
  ) {}

  /** Throws the error this undefined value stands for. */
  fail(): never {
    throw new UndefinedVariableError(this.path, this.detail);
  }
}

/** Arguments as a call passes them: positional, then keyword. */
export type CallArgs = { positional: unknown[]; keywords: Mapping };

/**
 * Something a template may call: a global such as `range`, or a whitelisted method bound to
 * its receiver (`text.split(',')`). Never a JavaScript function taken from data.
 */
export class Callable {
  constructor(
    readonly name: string,
    /** Runs it; the budget lets a global such as `range` refuse to build too much. */
    readonly call: (args: CallArgs, budget: Budget) => unknown,
  ) {}
}

/** True for plain data objects (our mappings); false for arrays, class instances and markers. */
export function isMapping(value: unknown): value is Mapping {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** True for strings, including host data held as {@link UnsafeText}. */
export function isText(value: unknown): value is string | UnsafeText {
  return typeof value === 'string' || value instanceof UnsafeText;
}

/** The characters of a string or an {@link UnsafeText}. */
export function textOf(value: string | UnsafeText): string {
  return typeof value === 'string' ? value : value.text;
}

/**
 * Sets a key on a mapping we built, safely for any key: `__proto__` becomes an ordinary own
 * property instead of replacing the object's prototype.
 */
export function setKey(map: Mapping, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    map[key] = value;
  }
}

/** A new mapping built from entries, safely for any key. */
export function mappingFrom(entries: Iterable<readonly [string, unknown]>): Mapping {
  const map: Mapping = {};
  for (const [key, value] of entries) setKey(map, key, value);
  return map;
}

/** Python's type name of a value, for error messages (never the value itself). */
export function typeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (value instanceof Undefined) return 'undefined';
  if (value instanceof Callable) return 'function';
  if (value === OMIT) return 'omit';
  if (isText(value)) return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'bigint') return 'int';
  if (value instanceof PyFloat) return 'float';
  if (Array.isArray(value)) return tuples.has(value) ? 'tuple' : 'list';
  if (value instanceof Date) return 'datetime';
  if (isMapping(value)) return 'dict';
  return 'object';
}

/** Jinja's `namespace()`: the one object a template may assign attributes to (`{% set ns.found = true %}`). */
export class Namespace {
  readonly attrs = new Map<string, unknown>();
}

const tuples = new WeakSet<unknown[]>();

/** Marks a list as a Python tuple (a `(a, b)` literal): `'%s %s' % (a, b)` spreads a tuple, not a list. */
export function asTuple(items: unknown[]): unknown[] {
  tuples.add(items);
  return items;
}

/** Whether a list was written as a tuple literal. */
export function isTuple(value: unknown): boolean {
  return Array.isArray(value) && tuples.has(value);
}

/**
 * Ansible's `omit`: `mode: "{{ mode | default(omit) }}"` renders to this marker, and
 * renderValue drops any mapping entry or list item whose value is it, so the argument is
 * left out as if never written. It cannot be written into text.
 */
export const OMIT: Readonly<object> = Object.freeze(Object.create(null) as object);
