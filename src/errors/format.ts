/**
 * Renders problems the way compilers do: `file:line:col: error[CODE]: message`, the line
 * quoted with a caret under the column, then the hint.
 */
import type { Problem } from './problem.js';

/** Formats one problem as a few lines of plain text (no colour, no trailing newline). */
export function formatProblem(problem: Problem): string {
  const where = problem.pos ? `${problem.pos.file}:${problem.pos.line}:${problem.pos.col}: ` : '';
  const lines = [`${where}error[${problem.code}]: ${problem.message}`];
  if (problem.pos && problem.sourceLine !== undefined) {
    const gutter = String(problem.pos.line);
    const pad = ' '.repeat(gutter.length);
    // Tabs keep their width in the caret line so the caret lands under the right character.
    const before = problem.sourceLine.slice(0, Math.max(0, problem.pos.col - 1)).replace(/[^\t]/g, ' ');
    lines.push(` ${gutter} | ${problem.sourceLine}`);
    lines.push(` ${pad} | ${before}^`);
  }
  if (problem.hint) lines.push(`  hint: ${problem.hint}`);
  return lines.join('\n');
}

/** Formats every problem, separated by blank lines, followed by a count. */
export function formatProblems(problems: readonly Problem[]): string {
  const body = problems.map(formatProblem).join('\n\n');
  const n = problems.length;
  return `${body}\n\n${n} problem${n === 1 ? '' : 's'} found; nothing was contacted.`;
}
