/**
 * Printing command-line problems: each problem as the compiler-style block every certbook
 * error uses, then the usage line and where to find the full help.
 */
import { formatProblem } from '../errors/format.js';
import type { Problem } from '../errors/problem.js';
import { findCommand } from './args/parse-command-line.js';
import { usageLine } from './help.js';
import type { TextSink } from './io.js';

/** Writes bad-option problems and a pointer to the help of `command` (or of certbook). */
export function printOptionProblems(stderr: TextSink, problems: readonly Problem[], command?: string): void {
  const spec = command === undefined ? undefined : findCommand(command);
  const lines = problems.map(formatProblem);
  if (spec) lines.push(usageLine(spec), `Run \`certbook ${spec.name} --help\` for every option.`);
  else lines.push('Run `certbook --help` for the list of commands.');
  stderr.write(`${lines.join('\n')}\n`);
}

/** Writes warnings (problems that do not stop the command) in Ansible's `[WARNING]:` style. */
export function printWarnings(stderr: TextSink, warnings: readonly Problem[]): void {
  for (const warning of warnings) {
    const where = warning.pos ? `${warning.pos.file}:${warning.pos.line}:${warning.pos.col}: ` : '';
    stderr.write(`[WARNING]: ${where}${warning.message}${warning.hint ? ` (${warning.hint})` : ''}\n`);
  }
}
