/**
 * The only functions a template can call by name: `range`, `namespace` and `dict`. Jinja's
 * `lipsum`, `cycler`, `joiner` and Ansible's `lookup`/`query` are deliberately absent (they
 * read files, time or randomness, or exist only to be abused): calling `lookup`/`query`/`q` is
 * refused when the template compiles (check-tree.ts), the others are undefined variables. `range` is bounded by the render's item limit.
 */
import { TemplateError } from './errors.js';
import type { Budget } from './limits.js';
import { numeric } from './py-semantics.js';
import { type CallArgs, Callable, type Mapping, Namespace, setKey, typeName } from './values.js';

function integer(value: unknown): number {
  const n = numeric(value);
  if (n === undefined || !Number.isInteger(n)) throw new TemplateError(`range() takes integers, not ${typeName(value)}`);
  return n;
}

/** Python's `range(stop)` / `range(start, stop[, step])` as a list, refused beyond the item limit. */
function range(args: CallArgs, budget: Budget): number[] {
  const [a, b, c] = args.positional.map(integer);
  if (a === undefined) throw new TemplateError('range expected at least 1 argument');
  const [start, stop, step] = b === undefined ? [0, a, 1] : [a, b, c ?? 1];
  if (step === 0) throw new TemplateError('range() arg 3 must not be zero');
  const count = Math.max(0, Math.ceil((stop - start) / step));
  budget.checkItems(count);
  return Array.from({ length: count }, (_, i) => start + i * step);
}

function namespace(args: CallArgs): Namespace {
  const ns = new Namespace();
  for (const key of Object.keys(args.keywords)) ns.attrs.set(key, args.keywords[key]);
  return ns;
}

function dict(args: CallArgs): Mapping {
  const out: Mapping = {};
  for (const key of Object.keys(args.keywords)) setKey(out, key, args.keywords[key]);
  return out;
}

/** Global functions by name. */
export const GLOBALS: ReadonlyMap<string, Callable> = new Map([
  ['range', new Callable('range', range)],
  ['namespace', new Callable('namespace', namespace)],
  ['dict', new Callable('dict', dict)],
]);
