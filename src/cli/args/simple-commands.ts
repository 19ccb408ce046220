/**
 * The command lines of the small subcommands, which take at most one name and `--help`:
 * `steps [NAME]`, `demo` and `help [COMMAND]`.
 */
import { badOption, type CliProblem } from './cli-problem.js';
import { type CommandSpec, HELP_OPTION } from './option-spec.js';
import { parseOptions } from './parse-options.js';
import { stepsPathOption } from './steps-path-arg.js';

/** `certbook steps [NAME]`. */
export const STEPS_COMMAND: CommandSpec = {
  name: 'steps',
  summary: "list the steps tasks can use, or show one step's reference",
  description:
    "Without NAME, lists every step with a one-line summary, the team's own steps after the built-in ones " +
    "(from steps/ in the current directory, --steps-path and CERTBOOK_STEPS_PATH). With NAME, shows the step's full " +
    'reference: its arguments, check mode behaviour, return values and examples.',
  positionals: [{ name: 'NAME', arity: 'optional', help: 'the step to describe (shell, copy, x509_info, …)' }],
  options: [HELP_OPTION, stepsPathOption('options')],
  groups: ['options'],
};

/** `certbook demo`. */
export const DEMO_COMMAND: CommandSpec = {
  name: 'demo',
  summary: 'check and rotate a throwaway simulated k3s fleet with expired certificates',
  description:
    'Starts a simulated k3s fleet on loopback (two v1.18.6 servers and one agent, leaves 30 days ' +
    'from expiry, the certificate served on :6443 already expired), each node behind an SSH server inside ' +
    'this process. Runs check-expiry (exit 2), rotate, and check-expiry again (exit 0) with the real output, ' +
    'then removes everything. Needs kubectl; no sshd, no root. Exits 0 when the trap was found and fixed, ' +
    '99 when interrupted (everything removed all the same), 1 otherwise.',
  positionals: [],
  options: [HELP_OPTION],
  groups: ['options'],
};

/** `certbook help [COMMAND]`. */
export const HELP_COMMAND: CommandSpec = {
  name: 'help',
  summary: 'show help for certbook or one of its commands',
  description: 'Shows the same text as `certbook COMMAND --help`, or the list of commands without COMMAND.',
  positionals: [{ name: 'COMMAND', arity: 'optional', help: 'the command to describe' }],
  options: [HELP_OPTION],
  groups: ['options'],
};

/** A small subcommand's options: `--help` and at most one name. */
export interface SimpleOptions {
  help: boolean;
  name?: string;
  /** `steps`: every `--steps-path`. */
  stepsPath?: string[];
}

/** Parses the words after a small subcommand (`steps`, `demo`, `help`). */
export function parseSimpleOptions(spec: CommandSpec, argv: readonly string[]): { options?: SimpleOptions; problems: CliProblem[] } {
  const parsed = parseOptions(argv, spec.options);
  const options: SimpleOptions = { help: parsed.values.help === true };
  if (Array.isArray(parsed.values.stepsPath)) options.stepsPath = parsed.values.stepsPath as string[];
  if (options.help) return { options, problems: [] };
  const problems = [...parsed.problems];
  const max = spec.positionals.length;
  if (parsed.positionals.length > max) {
    const extra = parsed.positionals[max]!;
    const takes = max === 0 ? 'takes no arguments' : `takes at most one ${spec.positionals[0]!.name}`;
    problems.push(badOption(extra, `unexpected argument \`${extra}\`: certbook ${spec.name} ${takes}`));
  }
  if (parsed.positionals[0] !== undefined && max > 0) options.name = parsed.positionals[0];
  return problems.length > 0 ? { problems } : { options, problems };
}
