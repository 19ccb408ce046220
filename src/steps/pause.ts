/** `pause`: wait for a while, or for the operator. */

import { wait } from './interruptible-wait.js';
import { args, bool, int, str } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

/** Pauses the play for a duration, or until the operator presses Enter on a terminal. */
export const pauseStep: StepDefinition = {
  name: 'pause',
  summary: 'Wait for a duration, or for the operator to press Enter',
  description:
    'Waits `seconds` or `minutes`, or, with neither, until the operator presses Enter after `prompt`. It pauses the whole play once, not each host. ' +
    'Unattended runs never hang: when standard input is not a terminal (cron, systemd timers, CI), a pause without a duration does not wait: it ' +
    'prints the prompt and continues with an empty `user_input`, as Ansible does. Use `assert` when a condition must hold before going on.',
  schema: args({
    seconds: int('How many seconds to wait.'),
    minutes: int('How many minutes to wait.'),
    prompt: str('The text shown to the operator.'),
    echo: bool('Show what the operator types.', true),
  }),
  conflicts: [['seconds', 'minutes']],
  controllerOnly: true,
  checkMode: 'Runs as usual.',
  changed: 'Never.',
  returns: {
    user_input: 'what the operator typed (empty without a terminal)',
    start: 'when the pause started',
    stop: 'when it ended',
    delta: 'seconds paused',
    echo: 'the `echo` setting',
  },
  examples: [
    {
      title: 'Let the cluster settle between two servers',
      yaml: '- name: Let etcd settle\n  pause:\n    seconds: 30\n',
    },
    {
      title: 'Ask the operator (continues at once when unattended)',
      yaml: '- name: Last chance\n  pause:\n    prompt: About to rotate every server. Enter goes on, Ctrl-C stops\n',
    },
  ],
  run: async (args, ctx) => {
    const start = ctx.now();
    const seconds = typeof args.minutes === 'number' ? args.minutes * 60 : typeof args.seconds === 'number' ? args.seconds : undefined;
    if (seconds === undefined) {
      // No terminal is ever read here: unattended runs must not hang on a prompt.
      ctx.warn(`pause: ${String(args.prompt ?? 'Press enter to continue')} (not waiting: no interactive terminal)`);
    } else {
      // An interrupt ends the pause at once (the run then starts nothing new), not after the grace period.
      await wait(seconds * 1000, ctx).catch(() => undefined);
    }
    const stop = ctx.now();
    return {
      changed: false,
      data: {
        user_input: '',
        start: start.toISOString(),
        stop: stop.toISOString(),
        delta: (stop.getTime() - start.getTime()) / 1000,
        echo: args.echo ?? true,
      },
    };
  },
};
