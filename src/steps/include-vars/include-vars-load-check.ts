/**
 * `include_vars`' load-time check: a literal `file` must exist where the run will look and read
 * as a mapping of variables, so a typo or a YAML mistake in it stops the run before connecting.
 */
import { ProblemList } from '../../errors/problem.js';
import { hasTemplateMarker } from '../../template/markers.js';
import { readVarsMapping } from '../../yaml/vars-file.js';
import { loadSearchDirs } from '../host-ops/playbook-dir.js';
import type { StepFileIssue } from '../step.js';
import { fileCandidates, findVarsFile } from './include-vars-files.js';

/** The problems of a literal `file`; none for a templated one or a `dir` (the run reads those). */
export function checkIncludeVarsFile(args: Readonly<Record<string, unknown>>, playbookDir: string, roleDir?: string): StepFileIssue[] {
  const dirs = loadSearchDirs(playbookDir, roleDir);
  const file = args.file;
  if (typeof file !== 'string' || hasTemplateMarker(file)) return [];
  const found = findVarsFile(file, dirs);
  if ('error' in found) {
    return [
      {
        code: 'FILE_NOT_FOUND',
        path: ['file'],
        message: `the vars file ${file} does not exist`,
        hint: `looked in ${fileCandidates(file, dirs).join(', ')}`,
      },
    ];
  }
  const problems = new ProblemList();
  if (readVarsMapping(found.path, found.path, problems) || problems.items.length === 0) return [];
  const first = problems.items[0]!;
  const at = first.pos ? `${first.pos.file}:${first.pos.line}:${first.pos.col}: ` : '';
  return [{ code: first.code, path: ['file'], message: `${at}${first.message}`, hint: first.hint ?? 'fix the vars file' }];
}
