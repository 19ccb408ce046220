/**
 * `certbook run`: the options ansible-playbook users already know, plus certbook's outputs
 * (`--report`, `--events`, `--junit`, `--metrics`, `--renderer`).
 */
import { type CommandSpec, HELP_OPTION, type OptionSpec, VERBOSE_OPTION } from './option-spec.js';
import { outputModeOption } from './output-mode-arg.js';
import { rolesPathOption } from './roles-path-arg.js';
import { stepsPathOption } from './steps-path-arg.js';

/**
 * Hosts worked on at once when `--forks` is not given. Ansible's 5 dates from a fork per
 * host; certbook keeps one SSH connection per host in a single process, so 20 costs a few MB
 * and turns a 50-server fleet into 3 batches instead of 10, while staying small enough that
 * the TTY renderer stays readable and a mistaken run touches a bounded number of hosts.
 */
export const DEFAULT_FORKS = 20;

const GENERAL = 'options';
const CONNECTION = 'Connection Options';
const BECOME = 'Privilege Escalation Options';
const OUTPUT = 'Output Options';

const OPTIONS = [
  HELP_OPTION,
  {
    key: 'inventory',
    long: 'inventory',
    short: 'i',
    kind: 'list',
    metavar: 'INVENTORY',
    group: GENERAL,
    help: 'inventory file or directory, or a comma-separated host list ending in a comma (h1,h2,); repeatable',
  },
  stepsPathOption(GENERAL),
  rolesPathOption(GENERAL),
  {
    key: 'limit',
    long: 'limit',
    short: 'l',
    kind: 'list',
    commaList: true,
    metavar: 'SUBSET',
    group: GENERAL,
    help: 'further limit selected hosts to this pattern; repeatable, the patterns add up',
  },
  {
    key: 'shard',
    long: 'shard',
    kind: 'value',
    metavar: 'I/N',
    group: GENERAL,
    help:
      'run only shard I of N (I from 1): the selected hosts split into N stable parts, a k3s cluster never split; ' +
      "join the shards' --report files with `certbook report merge`",
  },
  {
    key: 'tags',
    long: 'tags',
    short: 't',
    kind: 'list',
    commaList: true,
    metavar: 'TAGS',
    group: GENERAL,
    help: 'only run plays and tasks tagged with these values; repeatable',
  },
  {
    key: 'skipTags',
    long: 'skip-tags',
    kind: 'list',
    commaList: true,
    metavar: 'SKIP_TAGS',
    group: GENERAL,
    help: 'only run plays and tasks whose tags do not match these values; repeatable',
  },
  {
    key: 'extraVars',
    long: 'extra-vars',
    short: 'e',
    kind: 'list',
    metavar: 'EXTRA_VARS',
    group: GENERAL,
    help: 'set variables as key=value or YAML/JSON ({...}); @FILE reads a YAML/JSON file; repeatable, last wins',
  },
  {
    key: 'check',
    long: 'check',
    short: 'C',
    kind: 'flag',
    group: GENERAL,
    help: "don't make any changes; instead, report what would change",
  },
  {
    key: 'diff',
    long: 'diff',
    short: 'D',
    kind: 'flag',
    group: GENERAL,
    help: 'when changing (small) files, show the differences; works great with --check',
  },
  {
    key: 'forks',
    long: 'forks',
    short: 'f',
    kind: 'value',
    minInteger: 1,
    metavar: 'FORKS',
    group: GENERAL,
    help: `how many hosts to work on at once (default ${DEFAULT_FORKS})`,
  },
  {
    key: 'listHosts',
    long: 'list-hosts',
    kind: 'flag',
    group: GENERAL,
    help: 'outputs a list of matching hosts; does not run anything else',
  },
  { key: 'listTasks', long: 'list-tasks', kind: 'flag', group: GENERAL, help: 'list all tasks that would be executed' },
  { key: 'listTags', long: 'list-tags', kind: 'flag', group: GENERAL, help: 'list all available tags' },
  {
    key: 'syntaxCheck',
    long: 'syntax-check',
    kind: 'flag',
    group: GENERAL,
    help: 'perform a syntax check on the playbook, but do not execute it',
  },
  {
    key: 'startAtTask',
    long: 'start-at-task',
    kind: 'value',
    metavar: 'START_AT_TASK',
    group: GENERAL,
    help: 'start the playbook at the task matching this name (* and ? match any text)',
  },
  VERBOSE_OPTION,
  { key: 'user', long: 'user', short: 'u', kind: 'value', metavar: 'REMOTE_USER', group: CONNECTION, help: 'connect as this user' },
  {
    key: 'privateKey',
    long: 'private-key',
    aliases: ['key-file'],
    kind: 'value',
    metavar: 'PRIVATE_KEY_FILE',
    group: CONNECTION,
    help: 'use this file to authenticate the connection',
  },
  { key: 'askPass', long: 'ask-pass', short: 'k', kind: 'flag', group: CONNECTION, help: 'ask for the connection password' },
  {
    key: 'timeout',
    long: 'timeout',
    short: 'T',
    kind: 'value',
    minInteger: 1,
    metavar: 'TIMEOUT',
    group: CONNECTION,
    help: 'connection timeout in seconds (default 10)',
  },
  {
    key: 'sshCommonArgs',
    long: 'ssh-common-args',
    kind: 'value',
    metavar: 'SSH_COMMON_ARGS',
    group: CONNECTION,
    help: 'OpenSSH-style options for every connection (-o ProxyJump=bastion)',
  },
  {
    key: 'hostKeyChecking',
    long: 'host-key-checking',
    kind: 'value',
    choices: ['strict', 'accept-new', 'off'],
    metavar: 'MODE',
    group: CONNECTION,
    help:
      'strict (default): known hosts only; accept-new: new hosts too, added to known_hosts; ' +
      'off: new hosts too, not added (warned on every run). A changed or @revoked key is refused in every mode',
  },
  {
    key: 'become',
    long: 'become',
    short: 'b',
    kind: 'flag',
    group: BECOME,
    help: 'run operations with become (does not imply password prompting)',
  },
  {
    key: 'becomeUser',
    long: 'become-user',
    kind: 'value',
    metavar: 'BECOME_USER',
    group: BECOME,
    help: 'run operations as this user (default root)',
  },
  {
    key: 'becomeMethod',
    long: 'become-method',
    kind: 'value',
    choices: ['sudo', 'su'],
    metavar: 'BECOME_METHOD',
    group: BECOME,
    help: 'privilege escalation method to use (default sudo): sudo or su',
  },
  {
    key: 'askBecomePass',
    long: 'ask-become-pass',
    short: 'K',
    kind: 'flag',
    group: BECOME,
    help: 'ask for the privilege escalation password',
  },
  { key: 'report', long: 'report', kind: 'value', metavar: 'FILE', group: OUTPUT, help: 'write a JSON summary of the run to FILE' },
  {
    key: 'events',
    long: 'events',
    kind: 'value',
    metavar: 'FILE',
    group: OUTPUT,
    help: 'write every run event to FILE, one JSON object per line',
  },
  {
    key: 'junit',
    long: 'junit',
    kind: 'value',
    metavar: 'FILE',
    group: OUTPUT,
    help: 'write a JUnit XML report (one test case per task and host) to FILE',
  },
  {
    key: 'metrics',
    long: 'metrics',
    kind: 'value',
    metavar: 'FILE',
    group: OUTPUT,
    help: 'write Prometheus text-format metrics to FILE (for node_exporter)',
  },
  {
    key: 'html',
    long: 'html',
    kind: 'value',
    metavar: 'FILE',
    group: OUTPUT,
    help: 'write the self-contained HTML report to FILE (clusters, expiry timelines, every certificate; opens offline)',
  },
  outputModeOption(OUTPUT, '--report, --events, --junit, --metrics and --html'),
  {
    key: 'renderer',
    long: 'renderer',
    kind: 'value',
    choices: ['auto', 'tty', 'plain', 'json'],
    metavar: 'RENDERER',
    group: OUTPUT,
    help: 'how progress is shown: auto (tty on a terminal, else plain), tty, plain or json',
  },
] as const satisfies readonly OptionSpec[];

/** The `certbook run` command line. */
export const RUN_COMMAND: CommandSpec<typeof OPTIONS> = {
  name: 'run',
  summary: 'run a playbook against an inventory (like ansible-playbook)',
  description:
    'Runs a playbook: every play against the hosts its pattern selects. Everything is loaded and ' +
    'checked before any host is contacted. PLAYBOOK is a file, or the name of a playbook built into certbook.',
  positionals: [{ name: 'PLAYBOOK', arity: 'one', help: 'playbook file, or the name of a built-in playbook (listed below)' }],
  options: OPTIONS,
  groups: [GENERAL, CONNECTION, BECOME, OUTPUT],
};

/**
 * ansible-playbook options certbook deliberately lacks, with what to do instead. They get
 * this explanation rather than a did-you-mean that would point at an unrelated flag.
 */
export const UNSUPPORTED_ANSIBLE_OPTIONS: Readonly<Record<string, string>> = {
  '--step': 'certbook has no interactive step mode; use --check to see what would change',
  '--flush-cache': 'certbook keeps no fact cache, so there is nothing to flush',
  '--force-handlers': 'set `force_handlers: true` on the play instead',
  '--vault-id': 'certbook does not read Ansible Vault; pass secrets through the environment or -e @file',
  '--vault-password-file': 'certbook does not read Ansible Vault; pass secrets through the environment or -e @file',
  '--ask-vault-pass': 'certbook does not read Ansible Vault; pass secrets through the environment or -e @file',
  '--ask-vault-password': 'certbook does not read Ansible Vault; pass secrets through the environment or -e @file',
  '--connection': 'certbook always connects over SSH, or locally for `ansible_connection: local` hosts in the inventory',
  '-c': 'certbook always connects over SSH, or locally for `ansible_connection: local` hosts in the inventory',
  '--module-path': 'certbook has no modules to load; its steps are built in (see `certbook steps`)',
  '-M': 'certbook has no modules to load; its steps are built in (see `certbook steps`)',
  '--scp-extra-args': 'certbook copies files over SFTP; use --ssh-common-args',
  '--sftp-extra-args': 'certbook copies files over SFTP; use --ssh-common-args',
  '--ssh-extra-args': 'use --ssh-common-args',
  '--become-password-file': 'use -K/--ask-become-pass',
  '--connection-password-file': 'use -k/--ask-pass, or a key with --private-key',
};
