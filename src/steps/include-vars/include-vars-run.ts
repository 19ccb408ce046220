/**
 * `include_vars`: reads variables from YAML/JSON files on the controller through the project's
 * one YAML reader (the same booleans, limits and `file:line:col` problems as `vars_files`), and
 * hands them to the runner, which layers them at Ansible's include_vars precedence.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { formatProblem } from '../../errors/format.js';
import { ProblemList } from '../../errors/problem.js';
import { TemplateError } from '../../template/errors.js';
import { readVarsMapping } from '../../yaml/vars-file.js';
import { failed } from '../host-ops/host-exec.js';
import { searchDirs } from '../host-ops/playbook-dir.js';
import type { IncludeVarsArgs } from '../include-vars.js';
import type { StepContext, StepResult } from '../step-run.js';
import { findVarsFile, selectDirFiles } from './include-vars-files.js';

/** Runs `include_vars`. */
export async function runIncludeVars(a: IncludeVarsArgs, ctx: StepContext): Promise<StepResult> {
  const dirs = searchDirs(ctx);
  let files: string[];
  try {
    const selected = a.dir !== undefined ? selectDirFiles(varsDir(a.dir, dirs), a) : pickFile(a.file ?? '', dirs);
    if ('error' in selected) return failed(selected.error, { message: selected.error });
    files = selected.files;
  } catch (error) {
    if (error instanceof TemplateError) return failed(error.message, { message: error.message });
    throw error;
  }
  let vars: Record<string, unknown> = {};
  for (const path of files) {
    const problems = new ProblemList();
    const loaded = readVarsMapping(path, path, problems);
    if (!loaded) {
      const msg = problems.items[0] ? formatProblem(problems.items[0]) : `${path} could not be read`;
      return failed(msg, { message: msg });
    }
    vars = { ...vars, ...loaded };
  }
  if (a.name !== undefined) vars = { [a.name]: vars };
  return { changed: false, data: { ansible_facts: vars, ansible_included_var_files: files }, includedVars: vars };
}

/**
 * A relative `dir`: inside a role, the role's `vars/DIR` or `DIR` when there is one; otherwise
 * (and outside roles) relative to the playbook's directory.
 */
function varsDir(dir: string, dirs: readonly string[]): string {
  if (isAbsolute(dir)) return dir;
  const inRole = dirs
    .slice(0, -1)
    .flatMap((d) => [join(d, 'vars', dir), join(d, dir)])
    .find((d) => existsSync(d));
  return inRole ?? join(dirs[dirs.length - 1]!, dir);
}

function pickFile(file: string, base: readonly string[]): { files: string[] } | { error: string } {
  const found = findVarsFile(file, base);
  return 'error' in found ? found : { files: [found.path] };
}
