/** `shell`: run a command line through `/bin/sh -c`. */
import { shellJoin } from '../connection/shell-quote.js';
import { runCommand } from './host-ops/command-exec.js';
import { withDefaults } from './host-ops/step-args.js';
import { args, COMMAND_OPTIONS, commandReturns, str } from './schema-helpers.js';
import type { StepDefinition } from './step.js';
import type { StepContext, StepResult } from './step-run.js';

const schema = args(
  {
    cmd: str("The command line given to the shell. This is what the step's free form sets."),
    executable: str('The shell that runs `cmd`, called as `executable -c cmd`.', { default: '/bin/sh' }),
    ...COMMAND_OPTIONS,
  },
  ['cmd'],
);

/** Runs a command line through a shell on the host. */
export const shellStep: StepDefinition = {
  name: 'shell',
  summary: 'Run a command line through /bin/sh on the host',
  description:
    'Runs `cmd` with `/bin/sh -c` (or `executable -c`), so pipes, redirections, globs, `&&`, `||` and `$VARIABLES` work. ' +
    'Because a shell interprets the text, quote values that come from variables with the `quote` filter. ' +
    'A non-zero exit code fails the task; use `failed_when:` to decide otherwise. Prefer `command` when no shell feature is needed.',
  schema,
  freeForm: 'cmd',
  argumentHints: { warn: 'certbook never warns about commands; remove it' },
  checkMode:
    'Does not run the command: the task reports that it would run (changed), or ok when `creates`/`removes` show it would be skipped.',
  changed: 'True whenever the command ran; say better with `changed_when:`. False when skipped by `creates`/`removes`.',
  returns: commandReturns('the command line that was run'),
  examples: [
    {
      title: 'A pipeline (needs a shell)',
      yaml: '- name: Count the certificates k3s manages\n  shell: ls {{ k3s_data_dir | quote }}/server/tls/*.crt | wc -l\n  register: cert_count\n  changed_when: false\n',
    },
    {
      title: 'Options: a working directory, a guard file and bash',
      yaml: '- name: Unpack the bundle once\n  shell:\n    cmd: set -o pipefail && zcat bundle.gz | tar -x\n    chdir: /opt/bundle\n    creates: /opt/bundle/VERSION\n    executable: /bin/bash\n',
    },
  ],
  run: (rawArgs, ctx) => runShellStep(rawArgs, ctx),
};

/** Hands `cmd` to the shell as one quoted word: the shell interprets it, nothing else does. */
async function runShellStep(rawArgs: Record<string, unknown>, ctx: StepContext): Promise<StepResult> {
  const a = withDefaults(schema, rawArgs);
  if (a.cmd.includes('\0')) return { changed: false, failed: true, msg: '`cmd` contains a NUL character' };
  // Every command already reaches the host as `/bin/sh -c <script>` (remote-command.ts): with the
  // default shell and no creates/removes gate in front, `cmd` is that script, one shell start
  // fewer per task than `exec /bin/sh -c cmd` inside it.
  const direct = a.executable === '/bin/sh' && a.creates === undefined && a.removes === undefined;
  return runCommand(ctx, { script: direct ? a.cmd : `exec ${shellJoin([a.executable, '-c', a.cmd])}`, shown: a.cmd }, a);
}
