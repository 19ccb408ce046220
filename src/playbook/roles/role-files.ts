/**
 * A role's own files: `tasks/`, `handlers/`, `defaults/`, `vars/` and `meta/` each hold a
 * `main` (or the file a `*_from` names), with `.yml`, `.yaml` or `.json` added as Ansible tries them.
 */
import { existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ProblemList } from '../../errors/problem.js';
import { readSource, type SourceFile } from '../../yaml/source-file.js';
import { readVarsMapping } from '../load-vars-file.js';

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

/** The variables of a role's `defaults/` or `vars/` file; {} when the role has none. */
export function readRoleVars(path: string | undefined, problems: ProblemList): Record<string, unknown> {
  if (!path) return {};
  return readVarsMapping(path, shownPath(path), problems) ?? {};
}

/** A role's YAML file parsed (tasks, handlers, meta); undefined after recording why it cannot be. */
export function readRoleSource(path: string, problems: ProblemList): SourceFile | undefined {
  const source = readSource(path, problems, shownPath(path));
  // toJS answers undefined only for an alias bomb (an empty file is null).
  if (!source || source.toJS(problems) === undefined) return undefined;
  return source;
}
