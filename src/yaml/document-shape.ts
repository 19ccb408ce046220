/**
 * Checks on a parsed YAML document that the `yaml` library either does too slowly or not at
 * all: how deep collections nest, and whether a mapping repeats a key. Both walk the node tree
 * with an explicit stack, so neither a 100,000-deep file nor a 700,000-key mapping can
 * overflow the call stack or take quadratic time.
 */
import { type Document, isAlias, isCollection, isMap, isPair, isScalar, type Node } from 'yaml';

/** Deepest nesting of collections allowed: far beyond any real playbook, well inside the JS stack. */
export const MAX_NESTING_DEPTH = 256;

/** What {@link checkDocumentShape} found, with the offset of the node to point at. */
export type ShapeIssue =
  | { kind: 'too-deep'; offset: number }
  | { kind: 'duplicate-key'; offset: number }
  | { kind: 'alias-cycle'; offset: number };

/**
 * Returns the first node nested more than {@link MAX_NESTING_DEPTH} deep (checked first: a
 * deeper walk is never needed), then every repeated scalar key, in document order.
 */
export function checkDocumentShape(doc: Document.Parsed): ShapeIssue[] {
  const issues: ShapeIssue[] = [];
  const stack: Array<[Node, number]> = [];
  // Anchored collections in document order, to find an alias inside its own anchor
  // (`&a [*a]`): resolving one recurses without end in the yaml library.
  const anchored = new Map<string, Array<[number, number]>>();
  const aliases: Array<[string, number]> = [];
  if (isCollection(doc.contents)) stack.push([doc.contents, 1]);
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_NESTING_DEPTH) return [{ kind: 'too-deep', offset: node.range?.[0] ?? 0 }];
    if (node.anchor && node.range) anchored.set(node.anchor, [...(anchored.get(node.anchor) ?? []), [node.range[0], node.range[1]]]);
    if (isMap(node)) {
      // The yaml library's own uniqueKeys check compares every key with every other one.
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          if (seen.has(pair.key.value)) issues.push({ kind: 'duplicate-key', offset: pair.key.range?.[0] ?? 0 });
          seen.add(pair.key.value);
        }
      }
    }
    if (!isCollection(node)) continue;
    const children: unknown[] = [];
    for (const item of node.items as unknown[]) {
      if (isPair(item)) children.push(item.key, item.value);
      else children.push(item);
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (isAlias(child) && child.range) aliases.push([child.source, child.range[0]]);
      if (isCollection(child)) stack.push([child, depth + 1]);
    }
  }
  for (const [name, offset] of aliases) {
    const inside = (anchored.get(name) ?? []).filter(([start]) => start < offset).pop();
    if (inside && offset < inside[1]) issues.push({ kind: 'alias-cycle', offset });
  }
  return issues.sort((a, b) => a.offset - b.offset);
}
