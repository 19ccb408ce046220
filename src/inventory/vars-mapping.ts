/**
 * A YAML mapping of variables (a `vars:` section or a whole group_vars/host_vars file) read
 * into named values, each remembering where it was written.
 */
import type { ProblemList } from '../errors/problem.js';
import type { SourceFile } from '../yaml/source-file.js';
import type { VarEntry } from './inventory-data.js';
import { deref, isMapNode, isNullNode, mapEntries, plainValue } from './yaml-map.js';

/**
 * The variables of a vars file, in file order. An empty file has none; anything but a
 * mapping is an INVENTORY_SHAPE problem.
 */
export function readVarsMapping(source: SourceFile, problems: ProblemList): Array<[string, VarEntry]> {
  const whole = source.toJS(problems);
  if (whole === undefined) return []; // an alias bomb, already reported
  const root = source.doc.contents;
  if (isNullNode(source, root)) return [];
  if (!isMapNode(source, root)) {
    const vault = typeof whole === 'string' && whole.startsWith('$ANSIBLE_VAULT');
    problems.add(
      source.problemAt(
        root,
        'INVENTORY_SHAPE',
        `a vars file must hold a mapping of variable names to values, got ${describe(whole)}`,
        vault
          ? 'Ansible Vault files are not supported; pass secrets through the environment or -e @file'
          : 'write one `name: value` per line',
      ),
    );
    return [];
  }
  return readVarsNode(source, root, problems);
}

/** The variables of a mapping node; non-string names are INVALID_NAME problems. */
export function readVarsNode(source: SourceFile, node: unknown, problems: ProblemList): Array<[string, VarEntry]> {
  const out: Array<[string, VarEntry]> = [];
  for (const entry of mapEntries(source, node)) {
    if (typeof entry.key !== 'string' || entry.key === '') {
      problems.add(
        source.problemAt(
          entry.keyNode,
          'INVALID_NAME',
          `a variable name must be a non-empty string, got ${describe(entry.key)}`,
          'quote the name, or use a name made of letters, digits and underscores',
        ),
      );
      continue;
    }
    const value = deepFreeze(plainValue(source, deref(source, entry.valueNode)));
    out.push([entry.key, positioned(source, entry.keyNode, value)]);
  }
  return out;
}

/** A variable entry pointing at `node` in `source`. */
export function positioned(source: SourceFile, node: unknown, value: unknown): VarEntry {
  const origin = source.positionOf(node);
  return { value, origin, line: source.lines[origin.line - 1] ?? '' };
}

/** A short description of a value's type for messages (never the value: it may be a secret). */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value === 'object' ? 'a mapping' : typeof value;
}

/**
 * Inventory values are shared by every host that inherits them; freezing them makes an
 * accidental mutation by one host's task fail loudly instead of leaking into the others.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as object)) deepFreeze(inner);
  }
  return value;
}
