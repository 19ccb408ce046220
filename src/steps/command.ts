/** `command`: run a program directly, without a shell. */
import { shellJoin } from '../connection/shell-quote.js';
import { runCommand } from './host-ops/command-exec.js';
import { splitShellWords } from './host-ops/shell-words.js';
import { withDefaults } from './host-ops/step-args.js';
import { args, COMMAND_OPTIONS, commandReturns, str, strList } from './schema-helpers.js';
import type { StepDefinition } from './step.js';
import type { StepContext, StepResult } from './step-run.js';

const schema = args({
  argv: strList('The program and its arguments, one item each. Nothing is split, quoted or expanded.', { minItems: 1 }),
  cmd: str(
    "The command line. It is split into words like a POSIX shell would (quotes respected), then run without a shell. This is what the step's free form sets.",
  ),
  ...COMMAND_OPTIONS,
});

/** Runs a program with its arguments on the host; no shell is involved. */
export const commandStep: StepDefinition = {
  name: 'command',
  summary: 'Run a program on the host, without a shell',
  description:
    'Runs a program with its arguments. No shell is involved, so pipes, redirections, globs, `&&` and `$VARIABLES` are not interpreted: ' +
    'that is what makes it safe with values that come from variables. Give the program either as `argv` (one list item per argument, ' +
    'nothing is split) or as `cmd` (one string, split into words with POSIX shell quoting rules, then run without a shell). ' +
    'A non-zero exit code fails the task; use `failed_when:` to decide otherwise. Use `shell` when you need shell features.',
  schema,
  conflicts: [['argv', 'cmd']],
  requiresOneOf: [['argv', 'cmd']],
  freeForm: 'cmd',
  argumentHints: {
    executable: '`command` runs no shell; use the `shell` step to pick one',
    warn: 'certbook never warns about commands; remove it',
  },
  checkMode:
    'Does not run the program: the task reports that it would run (changed), or ok when `creates`/`removes` show it would be skipped.',
  changed:
    'True whenever the program ran: certbook cannot know what a program did, so say it with `changed_when:`. False when skipped by `creates`/`removes`.',
  returns: commandReturns('the argument list that was run'),
  examples: [
    {
      title: 'Read the k3s version (the free form is split into words, no shell)',
      yaml: '- name: Which k3s is installed\n  command: k3s --version\n  register: k3s_version\n  changed_when: false\n',
    },
    {
      title: 'Pass arguments that may contain spaces, safely',
      yaml: '- name: Inspect the serving certificate\n  command:\n    argv: [openssl, x509, -noout, -enddate, -in, "{{ serving_cert_path }}"]\n  register: enddate\n  changed_when: false\n',
    },
    {
      title: 'Run once: skipped when the marker file exists',
      yaml: '- name: Initialise the backup directory\n  command:\n    cmd: install -d -m 0700 /var/backups/k3s\n    creates: /var/backups/k3s\n',
    },
  ],
  run: (rawArgs, ctx) => runCommandStep(rawArgs, ctx),
};

/** Runs the program without a shell: every word is quoted, so nothing in it is interpreted. */
async function runCommandStep(rawArgs: Record<string, unknown>, ctx: StepContext): Promise<StepResult> {
  const a = withDefaults(schema, rawArgs);
  let argv = a.argv;
  if (argv === undefined) {
    const split = splitShellWords(a.cmd ?? '');
    if ('error' in split) return { changed: false, failed: true, msg: `cannot split \`cmd\` into words: ${split.error}` };
    argv = split.words;
  }
  if (argv.length === 0) return { changed: false, failed: true, msg: 'no command given: `cmd` is empty' };
  if (argv.some((w) => w.includes('\0'))) return { changed: false, failed: true, msg: 'an argument contains a NUL character' };
  return runCommand(ctx, { script: `exec ${shellJoin(argv)}`, shown: argv }, a);
}
