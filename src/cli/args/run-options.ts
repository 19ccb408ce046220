/**
 * `certbook run`'s parsed command line as typed options, with the checks that involve more
 * than one option (conflicts, what needs an inventory) and the `-e` values parsed.
 */

import type { Shard } from '../../events/shard-record.js';
import { badOption, type CliProblem } from './cli-problem.js';
import { type ExtraVarsArg, parseExtraVarsArg } from './extra-vars-arg.js';
import type { OptionValuesOf } from './option-spec.js';
import { parseOutputMode } from './output-mode-arg.js';
import { parseOptions } from './parse-options.js';
import { DEFAULT_FORKS, RUN_COMMAND, UNSUPPORTED_ANSIBLE_OPTIONS } from './run-spec.js';
import { parseShard } from './shard-arg.js';

/** Everything `certbook run` was asked to do. */
export interface RunCommandOptions {
  help: boolean;
  /** The PLAYBOOK argument as typed (a path or a built-in name). */
  playbook: string;
  inventory: string[];
  /** Every `--steps-path`, in order: where else the team's own steps are. */
  stepsPath: string[];
  /** Every `--roles-path`, in order: where else roles are found. */
  rolesPath: string[];
  /** Host patterns from every `--limit`, in order; they are joined with `,` (a union). */
  limit: string[];
  /** `--shard I/N`: only this shard of the selected hosts. */
  shard?: Shard;
  tags: string[];
  skipTags: string[];
  /** Every `-e`, in order; files are read when the command runs. */
  extraVars: ExtraVarsArg[];
  check: boolean;
  diff: boolean;
  forks: number;
  listHosts: boolean;
  listTasks: boolean;
  listTags: boolean;
  syntaxCheck: boolean;
  startAtTask?: string;
  verbosity: number;
  user?: string;
  privateKey?: string;
  askPass: boolean;
  timeout?: number;
  sshCommonArgs?: string;
  hostKeyChecking?: 'strict' | 'accept-new' | 'off';
  become: boolean;
  becomeUser?: string;
  becomeMethod?: 'sudo' | 'su';
  askBecomePass: boolean;
  report?: string;
  events?: string;
  junit?: string;
  metrics?: string;
  /** `--html FILE`: the self-contained HTML report (src/report/html). */
  html?: string;
  /** `--output-mode`: permission bits of the output files (default 0o600 where they are written). */
  outputMode?: number;
  renderer: 'auto' | 'tty' | 'plain' | 'json';
}

/** Options that make no sense together with `--syntax-check` (it loads and stops). */
const SYNTAX_CHECK_CONFLICTS = ['check', 'diff', 'listHosts', 'listTasks', 'listTags', 'startAtTask'] as const;

/** Parses the words after `certbook run`. Options are undefined when there are problems. */
export function parseRunOptions(argv: readonly string[]): { options?: RunCommandOptions; problems: CliProblem[] } {
  const parsed = parseOptions(argv, RUN_COMMAND.options, UNSUPPORTED_ANSIBLE_OPTIONS);
  const v = parsed.values;
  if (v.help === true) return { options: { ...defaults(), help: true }, problems: [] };
  const problems = [...parsed.problems];
  const extraVars: ExtraVarsArg[] = [];
  v.extraVars.forEach((text, i) => {
    const result = parseExtraVarsArg(text, i + 1);
    if (result && 'code' in result) problems.push(result);
    else if (result) extraVars.push(result);
  });
  problems.push(...positionalProblems(parsed.positionals), ...conflicts(v), ...outputModeProblems(v.outputMode));
  const shard = typeof v.shard === 'string' ? parseShard(v.shard) : undefined;
  if (shard && 'code' in shard) problems.push(shard);
  if (problems.length > 0) return { problems };
  const options = toRunOptions(v, parsed.positionals[0]!, extraVars);
  if (shard && !('code' in shard)) options.shard = shard;
  return { options, problems };
}

function outputModeProblems(text: string | undefined): CliProblem[] {
  const mode = text === undefined ? undefined : parseOutputMode(text);
  return typeof mode === 'object' ? [mode] : [];
}

function positionalProblems(positionals: string[]): CliProblem[] {
  if (positionals.length === 0) {
    return [badOption('PLAYBOOK', 'certbook run needs a playbook', 'certbook run PLAYBOOK -i INVENTORY (a file or a built-in name)')];
  }
  if (positionals.length > 1) {
    return [
      badOption(
        positionals[1]!,
        `certbook run takes one playbook, got ${positionals.length}: ${positionals.join(' ')}`,
        'run them one after the other, or import them into one playbook with `import_playbook`',
      ),
    ];
  }
  return [];
}

/** The parsed `run` options, typed by their specs in run-spec.ts. */
type RunValues = OptionValuesOf<typeof RUN_COMMAND.options>;

function conflicts(v: RunValues): CliProblem[] {
  const problems: CliProblem[] = [];
  if (v.syntaxCheck === true) {
    for (const key of SYNTAX_CHECK_CONFLICTS) {
      if (v[key] === true || typeof v[key] === 'string') {
        const flag = `--${RUN_COMMAND.options.find((o) => o.key === key)!.long}`;
        problems.push(
          badOption(
            flag,
            `${flag} cannot be combined with --syntax-check`,
            '--syntax-check only loads and checks the playbook; drop one of them',
          ),
        );
      }
    }
  }
  // Listing tasks or tags and checking syntax read only the playbook; anything else needs hosts.
  const playbookOnly = v.syntaxCheck === true || ((v.listTasks === true || v.listTags === true) && v.listHosts !== true);
  if (v.inventory.length === 0 && !playbookOnly) {
    problems.push(
      badOption('-i', 'certbook run needs an inventory', 'give one with -i inventory.yaml, or a host list such as -i web1,web2,'),
    );
  }
  return problems;
}

function toRunOptions(v: RunValues, playbook: string, extraVars: ExtraVarsArg[]): RunCommandOptions {
  const num = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text));
  const options: RunCommandOptions = {
    ...defaults(),
    playbook,
    extraVars,
    inventory: v.inventory,
    stepsPath: v.stepsPath,
    rolesPath: v.rolesPath,
    limit: v.limit,
    tags: v.tags,
    skipTags: v.skipTags,
    check: v.check,
    diff: v.diff,
    forks: num(v.forks) ?? DEFAULT_FORKS,
    listHosts: v.listHosts,
    listTasks: v.listTasks,
    listTags: v.listTags,
    syntaxCheck: v.syntaxCheck,
    verbosity: v.verbose,
    askPass: v.askPass,
    become: v.become,
    askBecomePass: v.askBecomePass,
    renderer: v.renderer ?? 'auto',
  };
  const optional = {
    startAtTask: v.startAtTask,
    user: v.user,
    privateKey: v.privateKey,
    timeout: num(v.timeout),
    sshCommonArgs: v.sshCommonArgs,
    hostKeyChecking: v.hostKeyChecking,
    becomeUser: v.becomeUser,
    becomeMethod: v.becomeMethod,
    report: v.report,
    events: v.events,
    junit: v.junit,
    metrics: v.metrics,
    html: v.html,
  };
  if (typeof v.outputMode === 'string') Object.assign(optional, { outputMode: parseOutputMode(v.outputMode) as number });
  // Leave absent options absent (not `undefined`), so callers can spread defaults under them.
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(options, { [key]: value });
  return options;
}

function defaults(): RunCommandOptions {
  return {
    help: false,
    playbook: '',
    inventory: [],
    stepsPath: [],
    rolesPath: [],
    limit: [],
    tags: [],
    skipTags: [],
    extraVars: [],
    check: false,
    diff: false,
    forks: DEFAULT_FORKS,
    listHosts: false,
    listTasks: false,
    listTags: false,
    syntaxCheck: false,
    verbosity: 0,
    askPass: false,
    become: false,
    askBecomePass: false,
    renderer: 'auto',
  };
}
