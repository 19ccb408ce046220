/**
 * List filters: `join`, `split`, `first`/`last`, `min`/`max`, `sort`, `unique`, `list`,
 * `reverse`, `sum`, `flatten`, `zip` and the set operations, with Jinja's and Ansible's
 * defaults (case-insensitive sorting and uniqueness, stable order, Python equality).
 */
import { TemplateError } from './errors.js';
import { arg, type FilterHelpers, type FilterSpec, flagArg, intArg, textArg, typeError } from './filter-api.js';
import { compareKeys, sortKey, valueAtPath } from './filter-paths.js';
import { arithmetic } from './py-arithmetic.js';
import { numeric, pyEquals } from './py-semantics.js';
import { pySplit } from './py-strings.js';
import { pyStr } from './py-text.js';
import { asTuple, type CallArgs, isMapping, isText, textOf, Undefined } from './values.js';

/** The items of a list, the characters of a string, the keys of a mapping. */
export function itemsOf(value: unknown, where: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (isText(value)) return Array.from(textOf(value));
  if (isMapping(value)) return Object.keys(value);
  return typeError(where, 'a list, string or mapping', value);
}

function keyed(args: CallArgs, helpers: FilterHelpers, attrIndex: number, caseIndex: number): (item: unknown) => unknown {
  const attribute = arg(args, attrIndex, 'attribute');
  const caseSensitive = flagArg(args, caseIndex, 'case_sensitive', false);
  const paths =
    attribute === undefined || attribute === null
      ? []
      : pyStr(attribute)
          .split(',')
          .map((p) => p.trim());
  return (item) => {
    if (paths.length === 0) return sortKey(item, caseSensitive);
    const keys = paths.map((p) => {
      const v = valueAtPath(helpers, item, p);
      if (v instanceof Undefined) v.fail();
      return sortKey(v, caseSensitive);
    });
    return keys.length === 1 ? keys[0] : keys;
  };
}

function extreme(value: unknown, args: CallArgs, helpers: FilterHelpers, sign: 1 | -1, where: string): unknown {
  const items = itemsOf(value, where);
  if (items.length === 0) return new Undefined(`${where}()`, 'is undefined: the sequence was empty');
  const key = keyed(args, helpers, 1, 0);
  let best = items[0];
  let bestKey = key(best);
  for (const item of items.slice(1)) {
    const k = key(item);
    if (compareKeys(k, bestKey) * sign < 0) {
      best = item;
      bestKey = k;
    }
  }
  return best;
}

function sort(value: unknown, args: CallArgs, helpers: FilterHelpers): unknown[] {
  const items = [...itemsOf(value, 'sort')];
  const reverse = flagArg(args, 0, 'reverse', false);
  const key = keyed(args, helpers, 2, 1);
  const keys = new Map(items.map((item, i) => [i, key(item)]));
  const order = items.map((_, i) => i).sort((a, b) => compareKeys(keys.get(a), keys.get(b)) * (reverse ? -1 : 1));
  return order.map((i) => items[i]);
}

/** Order-keeping uniqueness by Python equality (optionally on a key); hashable keys in O(1). */
function uniqueBy(items: readonly unknown[], key: (item: unknown) => unknown, helpers: FilterHelpers): unknown[] {
  const hashed = new Set<string>();
  const others: unknown[] = [];
  const out: unknown[] = [];
  for (const item of items) {
    const k = key(item);
    helpers.budget.step();
    const hash = hashOf(k);
    if (hash !== undefined) {
      if (hashed.has(hash)) continue;
      hashed.add(hash);
    } else {
      if (others.some((s) => pyEquals(s, k))) continue;
      others.push(k);
    }
    out.push(item);
  }
  return out;
}

/** A string equal for Python-equal scalars (1, 1.0 and True alike), undefined for containers. */
function hashOf(value: unknown): string | undefined {
  if (isText(value)) return `s${textOf(value)}`;
  if (typeof value === 'bigint') return `n${value}`;
  const n = numeric(value);
  if (n !== undefined) return `n${n}`;
  return value === null ? 'z' : undefined;
}

function flatten(items: readonly unknown[], levels: number | undefined, skipNulls: boolean): unknown[] {
  const out: unknown[] = [];
  for (const item of items) {
    if (skipNulls && (item === null || (isText(item) && textOf(item) === 'None'))) continue;
    if (Array.isArray(item) && (levels === undefined || levels > 0))
      out.push(...flatten(item, levels === undefined ? undefined : levels - 1, skipNulls));
    else out.push(item);
  }
  return out;
}

function sum(value: unknown, args: CallArgs, helpers: FilterHelpers): unknown {
  const attribute = arg(args, 0, 'attribute');
  let total = arg(args, 1, 'start') ?? 0;
  for (const item of itemsOf(value, 'sum')) {
    const v = attribute === undefined || attribute === null ? item : valueAtPath(helpers, item, pyStr(attribute));
    if (Array.isArray(total) && Array.isArray(v)) {
      helpers.budget.checkItems(total.length + v.length);
      total = [...total, ...v];
      continue;
    }
    if (numeric(total) === undefined || numeric(v) === undefined)
      throw new TemplateError('sum: items must be numbers (or lists with start=[])');
    // Python's `+`: ints stay exact ints, one float makes the total a float.
    total = arithmetic('+', total, v, helpers.budget);
  }
  return total;
}

function join(value: unknown, args: CallArgs, helpers: FilterHelpers): string {
  const separator = textArg(args, 0, 'd', '', 'join');
  const attribute = arg(args, 1, 'attribute');
  const parts = itemsOf(value, 'join').map((item) => pyStr(attribute === undefined ? item : valueAtPath(helpers, item, pyStr(attribute))));
  helpers.budget.checkLength(parts.reduce((n, p) => n + p.length + separator.length, 0));
  return parts.join(separator);
}

function pick(items: readonly unknown[], at: number, where: string): unknown {
  return items.length > 0 ? items.at(at) : new Undefined(`${where}()`, 'is undefined: the sequence was empty');
}

function setOperation(kind: 'union' | 'intersect' | 'difference' | 'symmetric_difference'): FilterSpec {
  return {
    fn: (value, args, helpers) => {
      const a = itemsOf(value, kind);
      const b = itemsOf(arg(args, 0, 'b'), kind);
      const inB = (x: unknown) => b.some((y) => pyEquals(x, y));
      const inA = (x: unknown) => a.some((y) => pyEquals(x, y));
      helpers.budget.checkItems(a.length + b.length);
      const same = (x: unknown) => x;
      if (kind === 'union') return uniqueBy([...a, ...b], same, helpers);
      if (kind === 'intersect') return uniqueBy(a.filter(inB), same, helpers);
      if (kind === 'difference')
        return uniqueBy(
          a.filter((x) => !inB(x)),
          same,
          helpers,
        );
      return uniqueBy([...a.filter((x) => !inB(x)), ...b.filter((x) => !inA(x))], same, helpers);
    },
  };
}

/** The list filters, by name. */
export const LIST_FILTERS: Record<string, FilterSpec> = {
  join: { fn: join },
  split: {
    fn: (value, args) => {
      const sep = arg(args, 0, 'sep');
      return pySplit(
        pyStr(value),
        sep === undefined || sep === null ? null : textArg(args, 0, 'sep', '', 'split'),
        intArg(args, 1, 'maxsplit', -1, 'split'),
      );
    },
  },
  first: { fn: (value) => pick(itemsOf(value, 'first'), 0, 'first') },
  last: { fn: (value) => pick(itemsOf(value, 'last'), -1, 'last') },
  min: { fn: (value, args, helpers) => extreme(value, args, helpers, 1, 'min') },
  max: { fn: (value, args, helpers) => extreme(value, args, helpers, -1, 'max') },
  sort: { fn: sort },
  unique: { fn: (value, args, helpers) => uniqueBy(itemsOf(value, 'unique'), keyed(args, helpers, 1, 0), helpers) },
  list: { fn: (value) => [...itemsOf(value, 'list')] },
  reverse: { fn: (value) => (isText(value) ? Array.from(textOf(value)).reverse().join('') : [...itemsOf(value, 'reverse')].reverse()) },
  sum: { fn: sum },
  flatten: {
    fn: (value, args) => {
      const levels = arg(args, 0, 'levels');
      return flatten(
        itemsOf(value, 'flatten'),
        levels === undefined || levels === null ? undefined : intArg(args, 0, 'levels', 0, 'flatten'),
        flagArg(args, 1, 'skip_nulls', true),
      );
    },
  },
  zip: {
    fn: (value, args) => {
      const lists = [itemsOf(value, 'zip'), ...args.positional.map((a) => itemsOf(a, 'zip'))];
      const n = Math.min(...lists.map((l) => l.length));
      return Array.from({ length: n }, (_, i) => asTuple(lists.map((l) => l[i])));
    },
  },
  union: setOperation('union'),
  intersect: setOperation('intersect'),
  difference: setOperation('difference'),
  symmetric_difference: setOperation('symmetric_difference'),
};
