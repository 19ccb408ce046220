/** `reboot`: restart the host, and wait until it is back with a new boot. */
import { withDefaults } from './host-ops/step-args.js';
import { DEFAULT_SEARCH_PATHS } from './reboot/shutdown-command.js';
import { args, int, type StepArgs, str, strOrList } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = args({
  reboot_timeout: int('Seconds to wait for the new boot, and again for `test_command` to succeed after it.', { default: 600 }),
  connect_timeout: int("Seconds each login after the reboot may take (default: the host's own connection timeout).", { minimum: 1 }),
  test_command: str('A command that must succeed on the rebooted host before the task is done.', { default: 'whoami' }),
  pre_reboot_delay: int(
    'Seconds before the reboot, given to `shutdown` in whole minutes (59 s is now), as Ansible does on Linux. Negative counts as 0.',
    { default: 0 },
  ),
  post_reboot_delay: int(
    'Seconds to wait after the reboot command before the first check (for services to settle). Negative counts as 0.',
    { default: 0 },
  ),
  msg: str('The message `shutdown` broadcasts to logged-in users.', { default: 'Reboot initiated by certbook' }),
  boot_time_command: str('A command whose output changes with every boot.', { default: 'cat /proc/sys/kernel/random/boot_id' }),
  reboot_command: str(
    'The command that reboots, instead of `shutdown -r`: its first word is found in `search_paths` unless it is a path; the rest is passed as written (`pre_reboot_delay` and `msg` are then not used).',
  ),
  search_paths: strOrList('Directories where the reboot command named without a path is looked for, in order.', {
    default: DEFAULT_SEARCH_PATHS,
  }),
});

/** The arguments as its run sees them, defaults filled in. */
export type RebootArgs = StepArgs<typeof schema>;

/** Reboots a Linux host over its connection and waits for it to come back, as Ansible's `reboot`. */
export const rebootStep: StepDefinition = {
  name: 'reboot',
  summary: 'Reboot the host and wait until it is back',
  description:
    "Reads the boot id (`boot_time_command`), runs the reboot command with the task's `become` (by default `shutdown -r MINUTES MSG`, " +
    '`shutdown` found in `search_paths`), waits `post_reboot_delay` seconds, then logs in again and again until the boot id has changed, and after that ' +
    'until `test_command` succeeds, each within `reboot_timeout` seconds. The connection dropping under the reboot command is success; every check is made ' +
    'on a new connection (each login bounded by `connect_timeout` when given), and the tasks after this one use a new connection too. ' +
    "A boot id that never changes fails with `Timed out waiting for last boot time check (timeout=N)`, Ansible's message, and `rebooted: true` " +
    "(the command ran). Linux only: Ansible's commands for other systems (BSD, Solaris, Alpine, ESXi) are not chosen by themselves; give " +
    '`reboot_command`, `boot_time_command` and `test_command` for them. A local connection is refused: it would reboot the controller.',
  schema,
  argumentHints: {
    reboot_timeout_sec: 'removed in Ansible 2.10: use `reboot_timeout`',
    connect_timeout_sec: 'removed in Ansible 2.10: use `connect_timeout`',
    pre_reboot_delay_sec: 'removed in Ansible 2.10: use `pre_reboot_delay`',
    post_reboot_delay_sec: 'removed in Ansible 2.10: use `post_reboot_delay`',
  },
  reconnects: true,
  checkMode: 'Reports changed with `rebooted: true` and reboots nothing, as Ansible does.',
  changed: 'Always, when the host rebooted.',
  returns: {
    rebooted: 'the reboot command ran (also when the host then did not come back in time)',
    elapsed: 'whole seconds from the reboot command to the host being back',
  },
  examples: [
    {
      title: 'Reboot a node after a kernel update, one node at a time (serial: 1 in the play)',
      yaml: '- name: Reboot\n  reboot:\n    msg: Kernel update\n    reboot_timeout: 900\n  become: true\n',
    },
    {
      title: 'Wait for k3s to answer before the next node',
      yaml: '- name: Reboot and check k3s\n  reboot:\n    test_command: k3s kubectl get --raw /readyz\n    post_reboot_delay: 10\n  become: true\n',
    },
  ],
  // Imported on first use: loading and checking a playbook never needs the step's run code.
  run: async (rawArgs, ctx) => {
    const { runReboot } = await import('./reboot/reboot-run.js');
    const a = withDefaults(schema, rawArgs);
    return runReboot({ ...a, pre_reboot_delay: Math.max(0, a.pre_reboot_delay), post_reboot_delay: Math.max(0, a.post_reboot_delay) }, ctx);
  },
};
