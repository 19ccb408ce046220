/**
 * A role's own files: `tasks/`, `handlers/`, `defaults/`, `vars/` and `meta/` each hold a
 * `main` (or the file a `*_from` names), with `.yml`, `.yaml` or `.json` added as Ansible tries them.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ProblemList } from '../../errors/problem.js';
import { readSource, type SourceFile } from '../../yaml/source-file.js';
import { readVarsMapping } from '../../yaml/vars-file.js';

/** The extensions ansible-core 2.14 tries after a role file's name, in order. */
const EXTENSIONS = ['', '.yml', '.yaml', '.json'];

/** The file `name` (default `main`) of the role's `sub` directory, or undefined when there is none. */
export function findRoleFile(rolePath: string, sub: string, name = 'main'): string | undefined {
  for (const ext of EXTENSIONS) {
    const candidate = join(rolePath, sub, `${name}${ext}`);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** A role's file as messages show it: relative to the working directory when it is below it. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/**
 * The files of a role's `defaults/` or `vars/` named `name`: the file, or, when `name` is a
 * directory (`vars/main/`), every YAML or JSON file below it in sorted order, as Ansible reads them.
 */
export function findRoleVarsFiles(rolePath: string, sub: string, name = 'main'): string[] {
  const dir = join(rolePath, sub, name);
  if (existsSync(dir) && statSync(dir).isDirectory()) return varsFilesBelow(dir);
  const file = findRoleFile(rolePath, sub, name);
  return file ? [file] : [];
}

function varsFilesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return varsFilesBelow(path);
      return /\.(ya?ml|json)$/.test(entry.name) ? [path] : [];
    });
}

/** The variables of a role's `defaults/` or `vars/` files, later files winning; {} when the role has none. */
export function readRoleVars(paths: readonly string[], problems: ProblemList): Record<string, unknown> {
  let vars: Record<string, unknown> = {};
  for (const path of paths) vars = { ...vars, ...(readVarsMapping(path, shownPath(path), problems) ?? {}) };
  return vars;
}

/** A role's YAML file parsed (tasks, handlers, meta); undefined after recording why it cannot be. */
export function readRoleSource(path: string, problems: ProblemList): SourceFile | undefined {
  const source = readSource(path, problems, shownPath(path));
  // toJS answers undefined only for an alias bomb (an empty file is null).
  if (!source || source.toJS(problems) === undefined) return undefined;
  return source;
}
