/** `certbook inventory`: show the inventory as certbook sees it, like ansible-inventory. */
import { badOption, type CliProblem } from './cli-problem.js';
import { type CommandSpec, HELP_OPTION, type OptionSpec, VERBOSE_OPTION } from './option-spec.js';
import { parseOptions } from './parse-options.js';

const ACTIONS = 'Actions (exactly one)';

/** The options, typed one by one so the parsed values are too. */
const OPTIONS = [
  HELP_OPTION,
  {
    key: 'inventory',
    long: 'inventory',
    short: 'i',
    kind: 'list',
    metavar: 'INVENTORY',
    group: 'options',
    help: 'inventory file or directory, or a comma-separated host list ending in a comma (h1,h2,); repeatable',
  },
  {
    key: 'playbookDir',
    long: 'playbook-dir',
    kind: 'value',
    metavar: 'BASEDIR',
    group: 'options',
    help: 'read group_vars/ and host_vars/ beside this directory too, as a playbook there would',
  },
  { key: 'vars', long: 'vars', kind: 'flag', group: 'options', help: 'add variables to the --graph display' },
  { key: 'yaml', long: 'yaml', short: 'y', kind: 'flag', group: 'options', help: 'use YAML instead of JSON for --list and --host' },
  VERBOSE_OPTION,
  { key: 'list', long: 'list', kind: 'flag', group: ACTIONS, help: 'output every host and group, as an inventory script does' },
  { key: 'host', long: 'host', kind: 'value', metavar: 'HOST', group: ACTIONS, help: 'output the variables of one host' },
  { key: 'graph', long: 'graph', kind: 'flag', group: ACTIONS, help: 'draw the group tree, from GROUP if given (default all)' },
] as const satisfies readonly OptionSpec[];

/** The `certbook inventory` command line. */
export const INVENTORY_COMMAND: CommandSpec<typeof OPTIONS> = {
  name: 'inventory',
  summary: 'show hosts, groups and variables of an inventory (like ansible-inventory)',
  description:
    'Shows the inventory as certbook resolves it: every host with its merged variables. Output is JSON ' +
    'in the format of an Ansible inventory script, or YAML with --yaml.',
  positionals: [{ name: 'GROUP', arity: 'optional', help: 'with --graph: show only this group' }],
  options: OPTIONS,
  groups: ['options', ACTIONS],
};

/** What `certbook inventory` shows. */
export type InventoryAction = { kind: 'list' } | { kind: 'host'; host: string } | { kind: 'graph'; group?: string };

/** `certbook inventory`'s options. */
export interface InventoryOptions {
  help: boolean;
  inventory: string[];
  playbookDir?: string;
  action: InventoryAction;
  vars: boolean;
  yaml: boolean;
  verbosity: number;
}

/** Parses the words after `certbook inventory`. */
export function parseInventoryOptions(argv: readonly string[]): { options?: InventoryOptions; problems: CliProblem[] } {
  const parsed = parseOptions(argv, INVENTORY_COMMAND.options);
  const v = parsed.values;
  const base = { inventory: v.inventory, vars: v.vars, yaml: v.yaml, verbosity: v.verbose };
  if (v.help === true) return { options: { ...base, help: true, action: { kind: 'list' } }, problems: [] };
  const problems = [...parsed.problems];
  const chosen = [v.list === true && '--list', v.host !== undefined && '--host', v.graph === true && '--graph'].filter(
    (a): a is string => !!a,
  );
  if (chosen.length !== 1) {
    const message = chosen.length === 0 ? 'certbook inventory needs an action' : `choose one action, not ${chosen.join(' and ')}`;
    problems.push(badOption(chosen[1] ?? '--list', message, 'use exactly one of --list, --host HOST or --graph [GROUP]'));
  }
  if (base.inventory.length === 0)
    problems.push(badOption('-i', 'certbook inventory needs an inventory', 'give one with -i inventory.yaml'));
  if (v.vars === true && v.graph !== true)
    problems.push(badOption('--vars', '--vars only applies to --graph', 'add --graph, or drop --vars'));
  if (v.yaml === true && v.graph === true)
    problems.push(badOption('--yaml', '--yaml does not apply to --graph', 'drop --yaml; the graph is text'));
  const maxPositionals = v.graph === true ? 1 : 0;
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals]!;
    problems.push(
      badOption(
        extra,
        `unexpected argument \`${extra}\``,
        v.graph === true ? '--graph takes at most one GROUP' : 'only --graph takes a GROUP argument',
      ),
    );
  }
  if (problems.length > 0) return { problems };
  const action: InventoryAction =
    v.list === true
      ? { kind: 'list' }
      : v.host !== undefined
        ? { kind: 'host', host: v.host }
        : parsed.positionals[0] !== undefined
          ? { kind: 'graph', group: parsed.positionals[0] }
          : { kind: 'graph' };
  const options: InventoryOptions = { ...base, help: false, action };
  if (typeof v.playbookDir === 'string') options.playbookDir = v.playbookDir;
  return { options, problems };
}
