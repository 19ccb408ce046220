/**
 * Filters that pick, map and reshape collections: `map`, `select`/`reject`,
 * `selectattr`/`rejectattr`, `extract`, `dict2items`/`items2dict`, `combine` and `dictsort`.
 * Tests and filters named in arguments (`select('match', '^k3s')`, `map('trim')`) go through
 * the same registries as `is` and `|`.
 */
import { TemplateError } from './errors.js';
import { arg, type FilterHelpers, type FilterSpec, flagArg, textArg, typeError } from './filter-api.js';
import { compareKeys, sortKey, valueAtPath } from './filter-paths.js';
import { itemsOf } from './filters-lists.js';
import { truthy } from './py-semantics.js';
import { pyStr } from './py-text.js';
import { type CallArgs, isMapping, isText, type Mapping, setKey, textOf, Undefined } from './values.js';

function rest(args: CallArgs, from: number): CallArgs {
  return { positional: args.positional.slice(from), keywords: args.keywords };
}

function map(value: unknown, args: CallArgs, helpers: FilterHelpers): unknown[] {
  const items = itemsOf(value, 'map');
  const attribute = args.keywords.attribute;
  if (attribute !== undefined) {
    const fallback = args.keywords.default;
    return items.map((item) => {
      const v = valueAtPath(helpers, item, pyStr(attribute));
      if (!(v instanceof Undefined)) return v;
      return fallback !== undefined ? fallback : v.fail();
    });
  }
  const name = args.positional[0];
  if (!isText(name)) throw new TemplateError("map needs a filter name (map('int')) or attribute=… (map(attribute='name'))");
  const { attribute: _unused, ...keywords } = args.keywords;
  return items.map((item) => helpers.filter(textOf(name), item, { positional: args.positional.slice(1), keywords }));
}

/** Runs the test named at `args[at]` (with the arguments after it), or truthiness without one. */
function check(helpers: FilterHelpers, item: unknown, args: CallArgs, at: number): boolean {
  const name = args.positional[at];
  if (name === undefined) return truthy(item);
  if (!isText(name)) throw new TemplateError('select: the test name must be a string');
  return helpers.test(textOf(name), item, rest(args, at + 1));
}

function select(keep: boolean): FilterSpec {
  return {
    fn: (value, args, helpers) => itemsOf(value, keep ? 'select' : 'reject').filter((item) => check(helpers, item, args, 0) === keep),
  };
}

function selectAttr(keep: boolean): FilterSpec {
  return {
    fn: (value, args, helpers) => {
      const path = textArg(args, 0, 'attribute', '', keep ? 'selectattr' : 'rejectattr');
      return itemsOf(value, 'selectattr').filter((item) => check(helpers, valueAtPath(helpers, item, path), args, 1) === keep);
    },
  };
}

function extract(value: unknown, args: CallArgs, helpers: FilterHelpers): unknown {
  let result = helpers.attribute(arg(args, 0, 'container'), value, () => `container[${pyStr(value)}]`);
  const more = arg(args, 1, 'morekeys');
  const keys = more === undefined || more === null ? [] : Array.isArray(more) ? more : [more];
  for (const key of keys) {
    if (result instanceof Undefined) break;
    result = helpers.attribute(result, key, () => `container[${pyStr(value)}].${pyStr(key)}`);
  }
  return result;
}

function dict2items(value: unknown, args: CallArgs): Mapping[] {
  if (!isMapping(value)) return typeError('dict2items', 'a mapping', value);
  const keyName = textArg(args, 0, 'key_name', 'key', 'dict2items');
  const valueName = textArg(args, 1, 'value_name', 'value', 'dict2items');
  return Object.keys(value).map((k) => {
    const entry: Mapping = {};
    setKey(entry, keyName, k);
    setKey(entry, valueName, value[k]);
    return entry;
  });
}

function items2dict(value: unknown, args: CallArgs): Mapping {
  const keyName = textArg(args, 0, 'key_name', 'key', 'items2dict');
  const valueName = textArg(args, 1, 'value_name', 'value', 'items2dict');
  const out: Mapping = {};
  for (const item of itemsOf(value, 'items2dict')) {
    if (!isMapping(item) || !Object.hasOwn(item, keyName) || !Object.hasOwn(item, valueName)) {
      throw new TemplateError(`items2dict: every item needs '${keyName}' and '${valueName}'`);
    }
    setKey(out, pyStr(item[keyName]), item[valueName]);
  }
  return out;
}

type ListMerge = 'replace' | 'keep' | 'append' | 'prepend' | 'append_rp' | 'prepend_rp';
const LIST_MERGES = new Set<string>(['replace', 'keep', 'append', 'prepend', 'append_rp', 'prepend_rp']);

function mergeLists(a: unknown[], b: unknown[], how: ListMerge): unknown[] {
  switch (how) {
    case 'replace':
      return b;
    case 'keep':
      return a;
    case 'append':
      return [...a, ...b];
    case 'prepend':
      return [...b, ...a];
    case 'append_rp':
      return [...a.filter((x) => !b.includes(x)), ...b];
    default:
      return [...b, ...a.filter((x) => !b.includes(x))];
  }
}

function merge(a: Mapping, b: Mapping, recursive: boolean, how: ListMerge): Mapping {
  const out: Mapping = {};
  for (const k of Object.keys(a)) setKey(out, k, a[k]);
  for (const k of Object.keys(b)) {
    const old = out[k];
    const next = b[k];
    if (Object.hasOwn(out, k) && recursive && isMapping(old) && isMapping(next)) setKey(out, k, merge(old, next, recursive, how));
    else if (Object.hasOwn(out, k) && Array.isArray(old) && Array.isArray(next)) setKey(out, k, mergeLists(old, next, how));
    else setKey(out, k, next);
  }
  return out;
}

function combine(value: unknown, args: CallArgs): Mapping {
  const recursive = flagArg(args, -1, 'recursive', false);
  const how = textArg(args, -1, 'list_merge', 'replace', 'combine');
  if (!LIST_MERGES.has(how)) throw new TemplateError(`combine: unknown list_merge '${how}'`);
  const dicts = [value, ...args.positional].flatMap((d) => (Array.isArray(d) ? d : [d]));
  return dicts.reduce<Mapping>((acc, d) => {
    if (!isMapping(d)) return typeError('combine', 'mappings', d);
    return merge(acc, d, recursive, how as ListMerge);
  }, {});
}

function dictsort(value: unknown, args: CallArgs): unknown[] {
  if (!isMapping(value)) return typeError('dictsort', 'a mapping', value);
  const caseSensitive = flagArg(args, 0, 'case_sensitive', false);
  const by = textArg(args, 1, 'by', 'key', 'dictsort');
  const reverse = flagArg(args, 2, 'reverse', false);
  const index = by === 'value' ? 1 : 0;
  const pairs = Object.keys(value).map((k) => [k, value[k]]);
  return pairs.sort((a, b) => compareKeys(sortKey(a[index], caseSensitive), sortKey(b[index], caseSensitive)) * (reverse ? -1 : 1));
}

/** The collection filters, by name. */
export const SELECT_FILTERS: Record<string, FilterSpec> = {
  map: { fn: map },
  select: select(true),
  reject: select(false),
  selectattr: selectAttr(true),
  rejectattr: selectAttr(false),
  extract: { fn: extract },
  dict2items: { fn: dict2items },
  items2dict: { fn: items2dict },
  combine: { fn: combine },
  dictsort: { fn: dictsort },
  items: { fn: (value) => (isMapping(value) ? Object.keys(value).map((k) => [k, value[k]]) : typeError('items', 'a mapping', value)) },
};
