/**
 * The run's output files (`--report`, `--events`, `--junit`, `--metrics`, `--html`): every path checked
 * before anything is loaded or contacted (a path that can never be written is a bad option,
 * exit 5), and after the run each one written on its own, so one that fails (a full disk, a
 * device that refuses) neither stops the others nor hides its reason.
 */
import { resolve } from 'node:path';
import { fsErrorText } from '../../errors/fs-error-text.js';
import { OutputPathError, resolveOutputTarget } from '../../report/output-target.js';
import { badOption, type CliProblem } from '../args/cli-problem.js';
import type { RunCommandOptions } from '../args/run-options.js';
import type { CliIo } from '../io.js';

/** The output options, with the flag that names each. */
export const OUTPUT_FLAGS = [
  ['report', '--report'],
  ['events', '--events'],
  ['junit', '--junit'],
  ['metrics', '--metrics'],
  ['html', '--html'],
] as const;

/** One output key: `report`, `events`, `junit`, `metrics` or `html`. */
export type OutputKey = (typeof OUTPUT_FLAGS)[number][0];

/** An output that could not be written, for the message and the exit code. */
export interface OutputFailure {
  flag: string;
  path: string;
  reason: string;
}

/** Every output path's problem, before the run: empty, a directory, a link, a missing directory, two flags on one file. */
export function checkOutputPaths(options: Partial<Record<OutputKey, string>>, io: CliIo): CliProblem[] {
  const problems: CliProblem[] = [];
  const files = new Map<string, string>();
  for (const [key, flag] of OUTPUT_FLAGS) {
    const raw = options[key];
    if (raw === undefined) continue;
    if (raw === '') {
      problems.push(badOption(flag, `${flag} is given an empty path`, `give a file name, e.g. ${flag} ${key}.${EXTENSION[key]}`));
      continue;
    }
    const absolute = resolve(io.cwd, raw);
    try {
      const target = resolveOutputTarget(absolute);
      if (target.kind !== 'file') continue;
      const other = files.get(target.path);
      if (other) problems.push(badOption(flag, `${flag} ${raw} is the same file as ${other}`, 'give each output its own file'));
      files.set(target.path, `${flag} ${raw}`);
    } catch (error) {
      if (!(error instanceof OutputPathError)) throw error;
      problems.push(badOption(flag, `${flag} ${raw} cannot be written: ${error.message}`, error.hint));
    }
  }
  return problems;
}

const EXTENSION: Record<OutputKey, string> = { report: 'json', events: 'jsonl', junit: 'xml', metrics: 'prom', html: 'html' };

/** The options with every output path made absolute against the invocation's directory. */
export function absoluteOutputs(options: RunCommandOptions, io: CliIo): RunCommandOptions {
  const out: RunCommandOptions = { ...options };
  for (const [key] of OUTPUT_FLAGS) if (options[key] !== undefined) out[key] = resolve(io.cwd, options[key]);
  return out;
}

/**
 * Runs one output's write and turns its failure into an {@link OutputFailure} printed with the
 * path and the reason; never throws for a file-system error, so the next output is still written.
 */
export function writeOne(flag: string, path: string, io: CliIo, write: () => void, command = 'run'): OutputFailure | undefined {
  try {
    write();
    return undefined;
  } catch (error) {
    if (!(error instanceof OutputPathError) && !(error as NodeJS.ErrnoException).code) throw error;
    return outputFailed(flag, path, error, io, command);
  }
}

/** Prints and returns the failure of an output (also one found after the fact, as the events file's). */
export function outputFailed(flag: string, path: string, error: unknown, io: CliIo, command = 'run'): OutputFailure {
  const reason = error instanceof OutputPathError ? error.message : fsErrorText(error);
  io.stderr.write(`certbook ${command}: could not write ${flag} ${path}: ${reason}\n`);
  return { flag, path, reason };
}
