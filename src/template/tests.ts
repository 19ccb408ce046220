/**
 * Jinja and Ansible tests (`x is defined`, `result is failed`, `name is match('^k3s')`).
 * Type tests answer false for an undefined value, as Jinja's do; `defined`/`undefined` see
 * it; every other test fails on it (StrictUndefined). The result tests read a registered
 * result the way ansible-core does (`failed`, `changed` with loop `results`, `skipped`).
 */

import { isPyFloat, isPyInt, isPyNumber } from '../python/py-number.js';
import { TemplateError } from './errors.js';
import { arg, type FilterHelpers, flagArg, type TestFn, type TestSpec, textArg, typeError } from './filter-api.js';
import { ansibleBool } from './filters-basic.js';
import { numeric, pyCompare, pyContains, pyEquals, truthy } from './py-semantics.js';
import { pyStr } from './py-text.js';
import { pythonRegex, pythonSearch } from './python-regex.js';
import { type CallArgs, isMapping, isText, type Mapping, textOf, Undefined } from './values.js';
import { compareVersions } from './versions.js';

const typeTest = (fn: (value: unknown) => boolean): TestSpec => ({ fn: (value) => fn(value), onUndefined: 'false' });

function compare(op: (c: number) => boolean): TestSpec {
  return { fn: (value, args) => op(pyCompare(value, arg(args, 0, 'other'))) };
}

function regexTest(defaultType: 'match' | 'search'): TestSpec {
  return {
    fn: (value, args) => {
      const regex = pythonRegex(textArg(args, 0, 'pattern', '', 'regex'), {
        ignorecase: flagArg(args, 1, 'ignorecase', false),
        multiline: flagArg(args, 2, 'multiline', false),
      });
      const type = textArg(args, 3, 'match_type', defaultType, 'regex');
      const subject = pyStr(value);
      const m = pythonSearch(regex, subject, `the ${type} test`);
      if (type === 'search') return m !== null;
      if (type === 'match') return m !== null && m.index === 0;
      if (type === 'fullmatch') return m !== null && m.index === 0 && m.all[0]!.length === subject.length;
      throw new TemplateError(`regex: match_type must be search, match or fullmatch, not '${type}'`);
    },
  };
}

function result(value: unknown, test: string): Mapping {
  if (!isMapping(value)) throw new TemplateError(`The '${test}' test expects a dictionary (a registered result)`);
  return value;
}

function changed(value: unknown): boolean {
  const r = result(value, 'changed');
  if (Object.hasOwn(r, 'changed')) return truthy(r.changed);
  const results = r.results;
  return Array.isArray(results) && isMapping(results[0]) && results.some((x) => isMapping(x) && truthy(x.changed ?? false));
}

const failed: TestFn = (value) => truthy(result(value, 'failed').failed ?? false);
const skipped: TestFn = (value) => truthy(result(value, 'skipped').skipped ?? false);
const unreachable: TestFn = (value) => truthy(result(value, 'unreachable').unreachable ?? false);

function version(value: unknown, args: CallArgs): boolean {
  const other = textArg(args, 0, 'version', '', 'version');
  const op = textArg(args, 1, 'operator', 'eq', 'version');
  const c = compareVersions(pyStr(value), other, textArg(args, 3, 'version_type', 'loose', 'version'));
  const ops: Record<string, boolean> = {
    '<': c < 0,
    lt: c < 0,
    '<=': c <= 0,
    le: c <= 0,
    '>': c > 0,
    gt: c > 0,
    '>=': c >= 0,
    ge: c >= 0,
    '==': c === 0,
    '=': c === 0,
    eq: c === 0,
    '!=': c !== 0,
    '<>': c !== 0,
    ne: c !== 0,
  };
  if (!Object.hasOwn(ops, op)) throw new TemplateError(`version: unknown operator '${op}'`);
  return ops[op]!;
}

function elements(value: unknown, where: string): unknown[] {
  if (Array.isArray(value)) return value;
  return typeError(where, 'a list', value);
}

/** Every test, by name (aliases included). */
export const TESTS: ReadonlyMap<string, TestSpec> = new Map<string, TestSpec>(
  Object.entries({
    defined: { fn: (value) => !(value instanceof Undefined), onUndefined: 'pass' },
    undefined: { fn: (value) => value instanceof Undefined, onUndefined: 'pass' },
    none: typeTest((v) => v === null),
    string: typeTest(isText),
    number: typeTest((v) => isPyNumber(v) || typeof v === 'boolean'),
    integer: typeTest(isPyInt),
    float: typeTest(isPyFloat),
    boolean: typeTest((v) => typeof v === 'boolean'),
    true: typeTest((v) => v === true),
    false: typeTest((v) => v === false),
    mapping: typeTest(isMapping),
    sequence: typeTest((v) => Array.isArray(v) || isText(v) || isMapping(v)),
    iterable: typeTest((v) => Array.isArray(v) || isText(v) || isMapping(v)),
    callable: typeTest(() => false),
    sameas: { fn: (value, args) => value === arg(args, 0, 'other') },
    equalto: { fn: (value, args) => pyEquals(value, arg(args, 0, 'other')) },
    eq: { fn: (value, args) => pyEquals(value, arg(args, 0, 'other')) },
    '==': { fn: (value, args) => pyEquals(value, arg(args, 0, 'other')) },
    ne: { fn: (value, args) => !pyEquals(value, arg(args, 0, 'other')) },
    '!=': { fn: (value, args) => !pyEquals(value, arg(args, 0, 'other')) },
    lt: compare((c) => c < 0),
    '<': compare((c) => c < 0),
    lessthan: compare((c) => c < 0),
    le: compare((c) => c <= 0),
    '<=': compare((c) => c <= 0),
    gt: compare((c) => c > 0),
    '>': compare((c) => c > 0),
    greaterthan: compare((c) => c > 0),
    ge: compare((c) => c >= 0),
    '>=': compare((c) => c >= 0),
    in: { fn: (value, args) => pyContains(arg(args, 0, 'seq'), value) },
    contains: { fn: (value, args) => pyContains(value, arg(args, 0, 'item')) },
    odd: { fn: (value) => integerOf(value, 'odd') % 2 !== 0 },
    even: { fn: (value) => integerOf(value, 'even') % 2 === 0 },
    divisibleby: { fn: (value, args) => integerOf(value, 'divisibleby') % integerOf(arg(args, 0, 'num'), 'divisibleby') === 0 },
    lower: { fn: (value) => isText(value) && textOf(value) === textOf(value).toLowerCase() },
    upper: { fn: (value) => isText(value) && textOf(value) === textOf(value).toUpperCase() },
    match: regexTest('match'),
    search: regexTest('search'),
    regex: regexTest('search'),
    failed: { fn: failed },
    failure: { fn: failed },
    succeeded: { fn: (v, a, h: FilterHelpers) => !failed(v, a, h) },
    success: { fn: (v, a, h: FilterHelpers) => !failed(v, a, h) },
    changed: { fn: changed },
    change: { fn: changed },
    skipped: { fn: skipped },
    skip: { fn: skipped },
    unreachable: { fn: unreachable },
    reachable: { fn: (v, a, h: FilterHelpers) => !unreachable(v, a, h) },
    version: { fn: version },
    version_compare: { fn: version },
    subset: { fn: (value, args) => elements(value, 'subset').every((x) => pyContains(elements(arg(args, 0, 'b'), 'subset'), x)) },
    superset: { fn: (value, args) => elements(arg(args, 0, 'b'), 'superset').every((x) => pyContains(elements(value, 'superset'), x)) },
    any: { fn: (value) => elements(value, 'any').some(truthy) },
    all: { fn: (value) => elements(value, 'all').every(truthy) },
    truthy: { fn: (value, args) => ansiblyTrue(value, args) },
    falsy: { fn: (value, args) => !ansiblyTrue(value, args) },
  }),
);

function integerOf(value: unknown, where: string): number {
  const n = numeric(value);
  if (n === undefined || !Number.isInteger(n)) return typeError(where, 'an integer', value);
  return n;
}

/** Ansible's `truthy`/`falsy` tests: Python truthiness, or the `bool` filter's reading with convert_bool. */
function ansiblyTrue(value: unknown, args: CallArgs): boolean {
  return flagArg(args, 0, 'convert_bool', false) ? ansibleBool(value) === true : truthy(value);
}
