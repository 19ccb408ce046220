/**
 * The whole command line: which subcommand, and its parsed options. Pure: no file is read,
 * nothing is printed; problems come back as data for `main` to print and exit 5 on.
 *
 * Async only so that `run`'s option parser, which parses inline YAML `-e` values and so loads
 * the YAML library, is imported when the command is `run`: `certbook --version` and `--help`
 * start without it.
 */
import { didYouMean } from '../../errors/suggest.js';
import { badOption, type CliProblem } from './cli-problem.js';
import { INVENTORY_COMMAND, type InventoryOptions, parseInventoryOptions } from './inventory-spec.js';
import { type CommandSpec, spellings } from './option-spec.js';
import { parseReportOptions, REPORT_COMMAND, type ReportOptions } from './report-spec.js';
import type { RunCommandOptions } from './run-options.js';
import { RUN_COMMAND } from './run-spec.js';
import { DEMO_COMMAND, HELP_COMMAND, parseSimpleOptions, type SimpleOptions, STEPS_COMMAND } from './simple-commands.js';
import { parseValidateOptions, VALIDATE_COMMAND, type ValidateOptions } from './validate-spec.js';

/** Every subcommand, in the order `certbook --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  RUN_COMMAND,
  VALIDATE_COMMAND,
  INVENTORY_COMMAND,
  REPORT_COMMAND,
  STEPS_COMMAND,
  DEMO_COMMAND,
  HELP_COMMAND,
];

/** The subcommand named `name`, if there is one. */
export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** A command line understood, or the problems that stop it from running. */
export type CommandLine =
  | { command: 'run'; options: RunCommandOptions }
  | { command: 'validate'; options: ValidateOptions }
  | { command: 'inventory'; options: InventoryOptions }
  | { command: 'report'; options: ReportOptions }
  | { command: 'steps' | 'demo' | 'help'; options: SimpleOptions }
  | { command: 'version' }
  | { command: 'overview' }
  | { command: 'invalid'; problems: CliProblem[] /** The subcommand whose usage to point at, if known. */; usageOf?: string };

/** Parses `argv` (without the node and script paths). */
export async function parseCommandLine(argv: readonly string[]): Promise<CommandLine> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    return invalid([
      badOption('COMMAND', 'no command given', 'try `certbook run PLAYBOOK -i INVENTORY`; `certbook --help` lists every command'),
    ]);
  }
  if (first === '--help' || first === '-h') return { command: 'overview' };
  if (first === '--version') return { command: 'version' };
  if (first.startsWith('-')) return invalid([globalOptionProblem(first)]);
  const spec = findCommand(first);
  if (!spec) return invalid([unknownCommandProblem(first)]);
  return parseFor(spec.name, rest);
}

async function parseFor(name: string, rest: readonly string[]): Promise<CommandLine> {
  switch (name) {
    case 'run': {
      const { parseRunOptions } = await import('./run-options.js');
      const { options, problems } = parseRunOptions(rest);
      return options ? { command: 'run', options } : invalid(problems, name);
    }
    case 'validate': {
      const { options, problems } = parseValidateOptions(rest);
      return options ? { command: 'validate', options } : invalid(problems, name);
    }
    case 'inventory': {
      const { options, problems } = parseInventoryOptions(rest);
      return options ? { command: 'inventory', options } : invalid(problems, name);
    }
    case 'report': {
      const { options, problems } = parseReportOptions(rest);
      return options ? { command: 'report', options } : invalid(problems, name);
    }
    default: {
      const spec = findCommand(name)!;
      const { options, problems } = parseSimpleOptions(spec, rest);
      return options ? { command: name as 'steps' | 'demo' | 'help', options } : invalid(problems, name);
    }
  }
}

function invalid(problems: CliProblem[], usageOf?: string): CommandLine {
  return usageOf === undefined ? { command: 'invalid', problems } : { command: 'invalid', problems, usageOf };
}

function globalOptionProblem(option: string): CliProblem {
  const name = option.split('=')[0]!;
  const owner = COMMANDS.find((c) => c.options.some((o) => spellings(o).includes(name)) && c.name !== 'help');
  if (owner && name !== '-h') {
    return badOption(name, `${name} must come after the command`, `write \`certbook ${owner.name} ${option} …\``);
  }
  return badOption(
    name,
    `unknown option ${name}`,
    didYouMean(name, ['--help', '--version']) ?? 'options come after the command, as in `certbook run --check …`',
  );
}

function unknownCommandProblem(word: string): CliProblem {
  const names = COMMANDS.map((c) => c.name);
  if (/\.ya?ml$/i.test(word) || word.includes('/')) {
    return badOption(word, `unknown command \`${word}\``, `to run a playbook, write \`certbook run ${word} -i INVENTORY\``);
  }
  return badOption(word, `unknown command \`${word}\``, didYouMean(word, names) ?? `the commands are ${names.join(', ')}`);
}
