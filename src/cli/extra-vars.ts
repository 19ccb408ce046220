/**
 * The run's extra vars: every `-e` merged in order, last wins per top-level name (Ansible's
 * default `hash_behaviour: replace`), with where each name came from. `@file` values are read
 * here, as YAML 1.1 like every other file; their problems are load problems (exit 4) with
 * positions, while inline values were already checked as command-line options (exit 5).
 */
import { isAbsolute, resolve } from 'node:path';
import { isMap } from 'yaml';
import type { ProblemList } from '../errors/problem.js';
import { readSource } from '../yaml/source-file.js';
import { type ExtraVarsArg, type ExtraVarsForm, isMapping, VARIABLE_NAME } from './args/extra-vars-arg.js';

/** Where an extra var's value came from. */
export interface ExtraVarOrigin {
  /** Which `-e` (1-based, in command-line order). */
  index: number;
  form: ExtraVarsForm;
  /** The file, for `-e @file`. */
  file?: string;
}

/** The merged extra vars. */
export interface ExtraVars {
  vars: Record<string, unknown>;
  origins: Record<string, ExtraVarOrigin>;
}

/** Where files are found: relative paths from `cwd`, `~/` from `home`. */
export interface ExtraVarsPaths {
  cwd: string;
  home?: string;
}

/** Reads the `@file` values and merges everything; file problems go to `problems`. */
export function resolveExtraVars(args: readonly ExtraVarsArg[], problems: ProblemList, paths: ExtraVarsPaths): ExtraVars {
  const merged: ExtraVars = { vars: {}, origins: {} };
  for (const arg of args) {
    const layer = arg.form === 'file' ? readVarsFile(arg.path, problems, paths) : arg.vars;
    if (!layer) continue;
    const origin: ExtraVarOrigin =
      arg.form === 'file' ? { index: arg.index, form: 'file', file: arg.path } : { index: arg.index, form: arg.form };
    for (const [name, value] of Object.entries(layer)) {
      // defineProperty, not assignment: a variable named `__proto__` must stay a plain key.
      Object.defineProperty(merged.vars, name, { value, enumerable: true, writable: true, configurable: true });
      Object.defineProperty(merged.origins, name, { value: origin, enumerable: true, writable: true, configurable: true });
    }
  }
  return merged;
}

function readVarsFile(path: string, problems: ProblemList, paths: ExtraVarsPaths): Record<string, unknown> | undefined {
  const expanded = path.startsWith('~/') && paths.home ? resolve(paths.home, path.slice(2)) : path;
  const absolute = isAbsolute(expanded) ? expanded : resolve(paths.cwd, expanded);
  const source = readSource(absolute, problems, path);
  if (!source) return undefined;
  const value = source.toJS(problems);
  if (value === undefined) return undefined;
  // An empty file is no variables, as in Ansible.
  if (value === null) return {};
  if (!isMapping(value)) {
    problems.add(
      source.problemAt(source.doc.contents, 'WRONG_TYPE', `-e @${path} must hold a mapping of variables`, 'write `name: value` lines'),
    );
    return undefined;
  }
  const root = source.doc.contents;
  for (const name of Object.keys(value)) {
    if (VARIABLE_NAME.test(name)) continue;
    const key = isMap(root) ? root.items.find((p) => (p.key as { value?: unknown } | null)?.value === name)?.key : root;
    problems.add(
      source.problemAt(
        key,
        'INVALID_NAME',
        `\`${name}\` is not a valid variable name`,
        'use letters, digits and underscores, not starting with a digit',
      ),
    );
    return undefined;
  }
  return value;
}
