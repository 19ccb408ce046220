/**
 * A vars file (`vars_files`, `include_vars`): a YAML file holding one mapping of variables.
 * Shared by the playbook loader and the `include_vars` step, so it sits here, below both.
 */
import { isMap } from 'yaml';
import type { ProblemList } from '../errors/problem.js';
import { describeValue } from '../validate/describe.js';
import { readSource } from './source-file.js';

/**
 * Reads a vars file through the one YAML reader every other file goes through (PyYAML's
 * booleans, dates as text, `!unsafe`, size and depth limits, positions), so a static
 * `vars_files` entry and a templated one read the same file the same way. Every problem is
 * added to `problems`; the result is undefined when there was one.
 */
export function readVarsMapping(absolute: string, shownAs: string, problems: ProblemList): Record<string, unknown> | undefined {
  const source = readSource(absolute, problems, shownAs);
  if (!source) return undefined;
  const value = source.toJS(problems);
  if (value === null) return {};
  if (value === undefined) return undefined;
  if (!isMap(source.doc.contents)) {
    problems.add(
      source.problemAt(source.doc.contents, 'WRONG_TYPE', `a vars file must hold a mapping of variables, got ${describeValue(value)}`),
    );
    return undefined;
  }
  return value as Record<string, unknown>;
}
