/**
 * The `certbook` program: argv in, exit code out. Everything the outside world provides
 * comes in through {@link CliIo}, so tests run every command in-process; the launcher passes
 * the real process and sets `process.exitCode` from the result.
 *
 * Command modules are imported only when their command runs: `certbook --help` then never
 * loads the YAML, schema and template machinery, and starts faster.
 */
import { formatProblems } from '../errors/format.js';
import { LoadFailed } from '../errors/problem.js';
import { didYouMean } from '../errors/suggest.js';
import { badOption } from './args/cli-problem.js';
import { COMMANDS, type CommandLine, findCommand, parseCommandLine } from './args/parse-command-line.js';
import { listBuiltinPlaybooks } from './builtin-playbooks.js';
import { EXIT } from './exit-codes.js';
import { renderCommandHelp, renderOverview } from './help.js';
import type { CliIo } from './io.js';
import { printOptionProblems } from './print-problems.js';
import { versionText } from './version.js';

/** Runs certbook with `argv` (the words after `certbook`) and returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(await parseCommandLine(argv), io);
  } catch (error) {
    if (error instanceof LoadFailed) {
      io.stderr.write(`${formatProblems(error.problems)}\n`);
      return EXIT.LOAD_FAILED;
    }
    return internalError(error, io, verbosityOf(argv));
  }
}

async function dispatch(line: CommandLine, io: CliIo): Promise<number> {
  switch (line.command) {
    case 'overview':
      return print(io, renderOverview());
    case 'version':
      return print(io, versionText());
    case 'invalid':
      printOptionProblems(io.stderr, line.problems, line.usageOf);
      return EXIT.BAD_OPTIONS;
    case 'help':
      return helpCommand(line.options.help ? 'help' : line.options.name, io);
    default:
      if (line.options.help) return print(io, commandHelp(line.command));
  }
  switch (line.command) {
    case 'run':
      return (await import('./commands/run.js')).runCommand(line.options, io);
    case 'validate':
      return (await import('./commands/validate.js')).validateCommand(line.options, io);
    case 'inventory':
      return (await import('./commands/inventory.js')).inventoryCommand(line.options, io);
    case 'report':
      return (await import('./commands/report.js')).reportCommand(line.options, io);
    case 'steps':
      return (await import('./commands/steps.js')).stepsCommand(line.options, io);
    case 'demo':
      return (await import('./commands/demo.js')).demoCommand(io);
  }
}

function helpCommand(name: string | undefined, io: CliIo): number {
  if (name === undefined) return print(io, renderOverview());
  if (!findCommand(name)) {
    const names = COMMANDS.map((c) => c.name);
    const hint = didYouMean(name, names) ?? `the commands are ${names.join(', ')}`;
    printOptionProblems(io.stderr, [badOption(name, `there is no command \`${name}\``, hint)], 'help');
    return EXIT.BAD_OPTIONS;
  }
  return print(io, commandHelp(name));
}

/** The help of a subcommand; `run`'s lists the built-in playbooks. */
export function commandHelp(name: string): string {
  const spec = findCommand(name);
  if (!spec) throw new Error(`no command ${name}`);
  if (name !== 'run') return renderCommandHelp(spec);
  const builtins = listBuiltinPlaybooks();
  return renderCommandHelp(spec, [`built-in playbooks: ${builtins.length > 0 ? builtins.join(', ') : '(none in this build)'}`]);
}

function print(io: CliIo, text: string): number {
  io.stdout.write(text);
  return EXIT.OK;
}

function internalError(error: unknown, io: CliIo, verbosity: number): number {
  const err = error instanceof Error ? error : new Error(String(error));
  const detail = verbosity >= 3 && err.stack ? `\n${err.stack}` : ' (run with -vvv for the stack trace)';
  try {
    io.stderr.write(
      `certbook: internal error: ${err.name}: ${err.message.split('\n')[0]}${detail}\nThis is a bug in certbook; please report it.\n`,
    );
  } catch {
    // stderr itself is broken; the exit code is all that is left to say it.
  }
  return EXIT.INTERNAL_ERROR;
}

/** `-v` count from raw argv, for errors that happen before (or while) options are parsed. */
function verbosityOf(argv: readonly string[]): number {
  let count = 0;
  for (const word of argv) {
    if (word === '--') break;
    if (word === '--verbose') count += 1;
    else if (/^-v+$/.test(word)) count += word.length - 1;
  }
  return count;
}
