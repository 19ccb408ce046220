/** `certbook validate FILE…`: load and check files without running anything. */
import { badOption, type CliProblem } from './cli-problem.js';
import { type CommandSpec, HELP_OPTION, type OptionSpec, VERBOSE_OPTION } from './option-spec.js';
import { parseOptions } from './parse-options.js';
import { rolesPathOption } from './roles-path-arg.js';
import { stepsPathOption } from './steps-path-arg.js';

/** What kind of file `validate` treats a file as; `auto` decides from its content. */
export type FileKind = 'playbook' | 'tasks' | 'inventory';

/** The options, typed one by one so the parsed values are too. */
const OPTIONS = [
  HELP_OPTION,
  {
    key: 'kind',
    long: 'kind',
    kind: 'value',
    choices: ['auto', 'playbook', 'tasks', 'inventory'],
    metavar: 'KIND',
    group: 'options',
    help: 'treat every FILE as this kind instead of guessing from its content (default auto)',
  },
  stepsPathOption('options'),
  rolesPathOption('options'),
  VERBOSE_OPTION,
] as const satisfies readonly OptionSpec[];

/** The `certbook validate` command line. */
export const VALIDATE_COMMAND: CommandSpec<typeof OPTIONS> = {
  name: 'validate',
  summary: 'check playbooks, task files and inventories without running them',
  description:
    'Loads each FILE and reports every problem, with its position and a hint. A file is a playbook ' +
    'when it is a list of plays (with `hosts:` or `import_playbook:`), a task file when it is a list of tasks, ' +
    'and an inventory when it is a mapping of groups or an INI inventory. Exits 0 when every file is valid, 4 otherwise.',
  positionals: [{ name: 'FILE', arity: 'many', help: 'playbook, task file or inventory to check' }],
  options: OPTIONS,
  groups: ['options'],
};

/** `certbook validate`'s options. */
export interface ValidateOptions {
  help: boolean;
  files: string[];
  /** Undefined: decide per file from its content. */
  kind?: FileKind;
  verbosity: number;
  /** Every `--steps-path`: where else the team's own steps are. */
  stepsPath: string[];
  /** Every `--roles-path`: where else roles are found. */
  rolesPath: string[];
}

/** Parses the words after `certbook validate`. */
export function parseValidateOptions(argv: readonly string[]): { options?: ValidateOptions; problems: CliProblem[] } {
  const parsed = parseOptions(argv, VALIDATE_COMMAND.options);
  const v = parsed.values;
  const kind = v.kind === undefined || v.kind === 'auto' ? undefined : (v.kind as FileKind);
  const options: ValidateOptions = {
    help: v.help === true,
    files: parsed.positionals,
    verbosity: v.verbose,
    stepsPath: v.stepsPath,
    rolesPath: v.rolesPath,
  };
  if (kind) options.kind = kind;
  if (options.help) return { options, problems: [] };
  const problems = [...parsed.problems];
  if (parsed.positionals.length === 0)
    problems.push(badOption('FILE', 'certbook validate needs at least one file', 'certbook validate site.yaml inventory.yaml'));
  return problems.length > 0 ? { problems } : { options, problems };
}
