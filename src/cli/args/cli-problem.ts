/**
 * Problems with the command line itself. They are ordinary {@link Problem}s (code
 * `BAD_OPTION`, no file position) that also name the offending option, so tests and tools can
 * check which option was wrong without reading the prose.
 */
import type { Problem } from '../../errors/problem.js';

/** A command-line problem: what is wrong, which option (as typed), and the likely fix. */
export interface CliProblem extends Problem {
  /** The option or argument at fault, as the user typed it (`--chek`, `-f`, `PLAYBOOK`). */
  option: string;
}

/** Builds a `BAD_OPTION` problem about `option`. */
export function badOption(option: string, message: string, hint?: string): CliProblem {
  const problem: CliProblem = { code: 'BAD_OPTION', option, message };
  if (hint) problem.hint = hint;
  return problem;
}
