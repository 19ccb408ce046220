/**
 * `value.name` and `value[key]` on template values. Only data is reachable: own keys of
 * mappings, list and string indices, a Jinja namespace's attributes, a few fields of
 * datetimes, and a whitelist of Python methods, each returned as a {@link Callable} bound to
 * its receiver. Nothing reaches a JavaScript property, prototype or function, so probes such
 * as `x.constructor`, `x.__proto__` or `''.__class__` are simply undefined.
 */
import { braceFormat } from './brace-format.js';
import { TimeDelta } from './datetime.js';
import { TemplateError } from './errors.js';
import { arg, intArg, textArg } from './filter-api.js';
import { pyEquals } from './py-semantics.js';
import { pyCapitalize, pyCount, pyReplace, pyRsplit, pySplit, pySplitlines, pyStrip, pyTitle } from './py-strings.js';
import { pyStr } from './py-text.js';
import { asTuple, type CallArgs, Callable, isMapping, isText, type Mapping, Namespace, textOf, Undefined } from './values.js';

type Method<T> = (self: T, args: CallArgs) => unknown;

const optionalText = (args: CallArgs, i: number, name: string, where: string): string | null => {
  const value = arg(args, i, name);
  return value === undefined || value === null ? null : textArg(args, i, name, '', where);
};

const STRING_METHODS: Record<string, Method<string>> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, a) => pyStrip(s, optionalText(a, 0, 'chars', 'strip')),
  lstrip: (s, a) => pyStrip(s, optionalText(a, 0, 'chars', 'lstrip'), 'left'),
  rstrip: (s, a) => pyStrip(s, optionalText(a, 0, 'chars', 'rstrip'), 'right'),
  split: (s, a) => pySplit(s, optionalText(a, 0, 'sep', 'split'), intArg(a, 1, 'maxsplit', -1, 'split')),
  rsplit: (s, a) => pyRsplit(s, optionalText(a, 0, 'sep', 'rsplit'), intArg(a, 1, 'maxsplit', -1, 'rsplit')),
  splitlines: (s) => pySplitlines(s),
  startswith: (s, a) => prefixes(a, 'startswith').some((p) => s.startsWith(p)),
  endswith: (s, a) => prefixes(a, 'endswith').some((p) => s.endsWith(p)),
  replace: (s, a) =>
    pyReplace(s, textArg(a, 0, 'old', '', 'replace'), textArg(a, 1, 'new', '', 'replace'), intArg(a, 2, 'count', -1, 'replace')),
  find: (s, a) => s.indexOf(textArg(a, 0, 'sub', '', 'find')),
  count: (s, a) => pyCount(s, textArg(a, 0, 'sub', '', 'count')),
  join: (s, a) =>
    iterableOf(arg(a, 0, 'iterable'))
      .map(pyStr)
      .join(s),
  capitalize: (s) => pyCapitalize(s),
  title: (s) => pyTitle(s),
  isdigit: (s) => /^\d+$/.test(s),
  zfill: (s, a) => zfill(s, intArg(a, 0, 'width', 0, 'zfill')),
  format: (s, a) => braceFormat(s, a),
};

const MAPPING_METHODS: Record<string, Method<Mapping>> = {
  keys: (m) => Object.keys(m),
  values: (m) => Object.keys(m).map((k) => m[k]),
  items: (m) => Object.keys(m).map((k) => asTuple([k, m[k]])),
  get: (m, a) => {
    const key = arg(a, 0, 'key');
    const name = isText(key) ? textOf(key) : pyStr(key);
    return Object.hasOwn(m, name) ? m[name] : (arg(a, 1, 'default') ?? null);
  },
};

const LIST_METHODS: Record<string, Method<unknown[]>> = {
  index: (l, a) => {
    const at = l.findIndex((x) => pyEquals(x, arg(a, 0, 'value')));
    if (at === -1) throw new TemplateError('list.index(x): x not in list');
    return at;
  },
  count: (l, a) => l.filter((x) => pyEquals(x, arg(a, 0, 'value'))).length,
};

/** `object.key` (`computed` false) or `object[key]`, or an {@link Undefined} carrying `path`. */
export function getAttribute(object: unknown, key: unknown, computed: boolean, path: () => string): unknown {
  if (object instanceof Undefined) return object;
  const found = lookup(object, key, computed);
  return found === MISSING ? new Undefined(path(), 'is undefined') : found;
}

const MISSING = Symbol('missing');

function lookup(object: unknown, key: unknown, computed: boolean): unknown {
  if (isMapping(object)) return mappingMember(object, key, computed);
  if (Array.isArray(object)) {
    if (typeof key === 'number') return index(object, key);
    return typeof key === 'string' ? bind(object, key, LIST_METHODS) : MISSING;
  }
  if (isText(object)) {
    const text = textOf(object);
    if (typeof key === 'number') return index(Array.from(text), key);
    return typeof key === 'string' ? bind(text, key, STRING_METHODS) : MISSING;
  }
  if (object instanceof Namespace) return typeof key === 'string' && object.attrs.has(key) ? object.attrs.get(key) : MISSING;
  if (object instanceof Date) return dateField(object, key);
  if (object instanceof TimeDelta) return deltaField(object, key);
  return MISSING;
}

function mappingMember(map: Mapping, key: unknown, computed: boolean): unknown {
  const name = typeof key === 'number' ? String(key) : isText(key) ? textOf(key) : undefined;
  if (name === undefined) return MISSING;
  // Jinja's `a.b` prefers Python attributes (dict methods) and `a['b']` prefers keys.
  if (!computed && Object.hasOwn(MAPPING_METHODS, name)) return bind(map, name, MAPPING_METHODS);
  if (Object.hasOwn(map, name)) return map[name];
  return computed ? bind(map, name, MAPPING_METHODS) : MISSING;
}

function bind<T>(self: T, name: string, methods: Record<string, Method<T>>): unknown {
  if (!Object.hasOwn(methods, name)) return MISSING;
  const method = methods[name]!;
  return new Callable(name, (args) => method(self, args));
}

function index(items: readonly unknown[], at: number): unknown {
  if (!Number.isInteger(at)) return MISSING;
  const i = at < 0 ? items.length + at : at;
  return i >= 0 && i < items.length ? items[i] : MISSING;
}

function dateField(date: Date, key: unknown): unknown {
  switch (key) {
    case 'year':
      return date.getUTCFullYear();
    case 'month':
      return date.getUTCMonth() + 1;
    case 'day':
      return date.getUTCDate();
    case 'hour':
      return date.getUTCHours();
    case 'minute':
      return date.getUTCMinutes();
    case 'second':
      return date.getUTCSeconds();
    case 'microsecond':
      return date.getUTCMilliseconds() * 1000;
    case 'timestamp':
      return new Callable('timestamp', () => date.getTime() / 1000);
    case 'isoformat':
      return new Callable('isoformat', () => date.toISOString().replace(/\.000Z$|Z$/, ''));
    default:
      return MISSING;
  }
}

function deltaField(delta: TimeDelta, key: unknown): unknown {
  switch (key) {
    case 'days':
      return delta.days;
    case 'seconds':
      return delta.seconds;
    case 'microseconds':
      return delta.microseconds;
    case 'total_seconds':
      return new Callable('total_seconds', () => delta.totalSeconds());
    default:
      return MISSING;
  }
}

function prefixes(args: CallArgs, where: string): string[] {
  const value = arg(args, 0, 'prefix');
  if (isText(value)) return [textOf(value)];
  if (Array.isArray(value) && value.every(isText)) return value.map(textOf);
  throw new TemplateError(`${where} takes a string or a tuple of strings`);
}

function iterableOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isText(value)) return Array.from(textOf(value));
  if (isMapping(value)) return Object.keys(value);
  throw new TemplateError('join() expects an iterable');
}

function zfill(s: string, width: number): string {
  const sign = s.startsWith('-') || s.startsWith('+') ? s[0]! : '';
  return sign + s.slice(sign.length).padStart(width - sign.length, '0');
}
