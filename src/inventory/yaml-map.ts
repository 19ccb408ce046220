/**
 * Walking YAML mappings with their positions: aliases followed, `<<` merge keys expanded the
 * way PyYAML expands them (explicit keys win, then earlier merged maps), so the inventory
 * loader sees the same keys Ansible sees and can still point at each one.
 */
import { isAlias, isMap, isNode, isScalar, isSeq, type Node } from 'yaml';
import { MAX_ALIAS_COUNT, type SourceFile } from '../yaml/source-file.js';

/** One key of a mapping: its plain value and the nodes to point problems at. */
export interface MapEntry {
  /** The key as plain JavaScript (a string for well-formed inventories). */
  key: unknown;
  keyNode: unknown;
  valueNode: unknown;
}

/** Follows an alias to the node it names. */
export function deref(source: SourceFile, node: unknown): unknown {
  return isAlias(node) ? node.resolve(source.doc) : node;
}

/** A node's value as plain JavaScript (null for a missing node). */
export function plainValue(source: SourceFile, node: unknown): unknown {
  const target = deref(source, node);
  if (target === null || target === undefined) return null;
  if (!isNode(target)) return target;
  return (target as Node).toJS(source.doc, { maxAliasCount: MAX_ALIAS_COUNT });
}

/** True for a node that is a YAML mapping (after following aliases). */
export function isMapNode(source: SourceFile, node: unknown): boolean {
  return isMap(deref(source, node));
}

/** True for an absent value or an explicit null (`key:` with nothing after it). */
export function isNullNode(source: SourceFile, node: unknown): boolean {
  const target = deref(source, node);
  return target === null || target === undefined || (isScalar(target) && target.value === null);
}

/** True for a plain string scalar. */
export function isStringNode(source: SourceFile, node: unknown): boolean {
  const target = deref(source, node);
  return isScalar(target) && typeof target.value === 'string';
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || (key.value === '<<' && key.type === 'PLAIN'));
}

/**
 * The entries of a mapping node in PyYAML's order: keys merged in by `<<` first (from the
 * last merged map to the first), then the mapping's own; a repeated key keeps its first place
 * and takes its last value, so explicit keys override merged ones.
 */
export function mapEntries(source: SourceFile, node: unknown): MapEntry[] {
  const map = deref(source, node);
  if (!isMap(map)) return [];
  const own: MapEntry[] = [];
  const merged: MapEntry[] = [];
  for (const pair of map.items) {
    if (isMergeKey(pair.key)) {
      const target = deref(source, pair.value);
      const maps = isSeq(target) ? [...target.items].reverse() : [target];
      for (const m of maps) merged.push(...mapEntries(source, m));
      continue;
    }
    const key = isScalar(pair.key) ? pair.key.value : plainValue(source, pair.key);
    own.push({ key, keyNode: pair.key, valueNode: pair.value });
  }
  if (merged.length === 0) return own;
  const out: MapEntry[] = [];
  const index = new Map<unknown, number>();
  for (const entry of [...merged, ...own]) {
    const at = index.get(entry.key);
    if (at === undefined) {
      index.set(entry.key, out.length);
      out.push(entry);
    } else {
      out[at] = entry;
    }
  }
  return out;
}
