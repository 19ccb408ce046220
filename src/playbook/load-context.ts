/**
 * What every playbook-loading function needs to know about where it is: the file being read,
 * where relative imports resolve, which imports are in progress (to catch cycles), and the
 * problems collected so far.
 */
import { readFileSync } from 'node:fs';
import { isAlias, isMap, isNode, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ProblemList } from '../errors/problem.js';
import { describeValue } from '../validate/describe.js';
import { MAX_ALIAS_COUNT, type SourceFile } from '../yaml/source-file.js';

/** The loading position, passed down the task tree. Immutable: derive a new one per file. */
export interface LoadContext {
  source: SourceFile;
  problems: ProblemList;
  /** The playbook's directory; imports that are not found beside their file are looked up here. */
  playbookDir: string;
  /** Absolute paths of the files being imported, outermost first. */
  importStack: readonly string[];
  /** True inside a play's `handlers:` (where `listen` is allowed). */
  inHandlers: boolean;
}

/** Follows a YAML alias to the node it names. */
export function deref(ctx: LoadContext, node: unknown): unknown {
  return isAlias(node) ? node.resolve(ctx.source.doc) : node;
}

/**
 * A node's value as plain JavaScript. The whole document already passed the alias-bomb check,
 * so expanding one node is bounded.
 */
export function plain(ctx: LoadContext, node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (!isNode(node)) return node;
  return (node as Node).toJS(ctx.source.doc, { maxAliasCount: MAX_ALIAS_COUNT });
}

/** The text of a line, for quoting a problem whose position may be in another (imported) file. */
export function quoteLine(ctx: LoadContext, file: string, line: number): string | undefined {
  if (file === ctx.source.path) return ctx.source.lines[line - 1];
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/)[line - 1];
  } catch {
    return undefined;
  }
}

/** The node as a mapping, or undefined after recording "a WHAT must be a mapping, got …" with `hint`. */
export function expectMap(ctx: LoadContext, node: unknown, what: string, hint: string): YAMLMap | undefined {
  const target = deref(ctx, node);
  if (isMap(target)) return target;
  ctx.problems.add(
    ctx.source.problemAt(target, 'WRONG_TYPE', `a ${what} must be a mapping, got ${describeValue(plain(ctx, target))}`, hint),
  );
  return undefined;
}

/** Whether a key is YAML 1.1's merge key `<<` (the parser marks it with a symbol). */
function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  return typeof key.value === 'symbol' || (key.value === '<<' && key.type === 'PLAIN');
}

/**
 * A mapping's pairs with `<<: *anchor` (or `<<: [*a, *b]`) merge keys expanded in place, as
 * Ansible's YAML loader does: keys written in the mapping win over merged ones, and an earlier
 * merged mapping wins over a later one. Merged pairs keep their own source positions (the
 * anchor's lines), so problems in them point where they were written. Malformed merges were
 * already reported when the file was read (source-file.ts) and are left out here.
 */
export function pairsOf(ctx: LoadContext, map: YAMLMap): Pair[] {
  const items = map.items as Pair[];
  if (!items.some((p) => isMergeKey(p.key))) return items;
  const keyOf = (p: Pair): unknown => (isScalar(p.key) ? p.key.value : p.key);
  const own = new Set(items.filter((p) => !isMergeKey(p.key)).map(keyOf));
  const seen = new Set<unknown>(own);
  const out: Pair[] = [];
  for (const pair of items) {
    if (!isMergeKey(pair.key)) {
      out.push(pair);
      continue;
    }
    const value = deref(ctx, pair.value);
    const sources = isSeq(value) ? value.items.map((i) => deref(ctx, i)) : [value];
    for (const source of sources) {
      if (!isMap(source)) continue;
      for (const merged of pairsOf(ctx, source)) {
        if (seen.has(keyOf(merged))) continue;
        seen.add(keyOf(merged));
        out.push(merged);
      }
    }
  }
  return out;
}
