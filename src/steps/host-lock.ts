/** `host_lock`: a lock directory on the host that only one run at a time holds. */

import { runHostLock } from './host-lock/host-lock-run.js';
import { LockCommandError, shellLockSite } from './host-lock/shell-lock-site.js';
import { failed } from './host-ops/host-exec.js';
import { withDefaults } from './host-ops/step-args.js';
import { args, choice, int, type StepArgs, str } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = args(
  {
    path: str('The lock directory, e.g. `{{ k3s_data_dir }}/certbook-rotate.lock`. Its parent must exist.'),
    state: choice(['present', 'absent'], '`present` takes the lock, `absent` releases it.', 'present'),
    token: str('With `state: absent`: the `token` the take registered. Empty or absent: nothing to release.'),
    max_age: int('Seconds after which a held lock is stale whatever its holder.', { minimum: 1, default: 21600 }),
    label: str('What the lock is called in messages and in `hold`, e.g. `rotate lock`.', { default: 'lock' }),
  },
  ['path'],
);

/** The arguments as its run sees them, defaults filled in. */
export type HostLockArgs = StepArgs<typeof schema>;

/** Takes or releases a per-host lock, taking over a stale one. */
export const hostLockStep: StepDefinition = {
  name: 'host_lock',
  summary: 'Take or release a per-host lock (two runs never work on one host)',
  description:
    'The lock is the directory `path` (mkdir is atomic) with an `owner` file naming the run that holds it: a random token, the login user, ' +
    "the pid and start time of the sshd session serving certbook's connection (alive exactly as long as that connection) and when it was taken. " +
    '`state: present` takes it. A lock another run holds fails the task with `rc` 75, naming the holder; to wait for it, repeat the task with ' +
    '`until: result.rc != 75`, `retries` and `delay` (each attempt shows, and an interrupt stops the waiting at once). ' +
    'A lock is stale when its sshd session is gone (certbook was killed, the host rebooted), when it is older than `max_age` seconds, ' +
    'or when it has had no owner file for a minute (a take killed half-way); a stale lock is taken over and named in `stderr`. ' +
    'Runs finding the same stale lock take it over one at a time (under `PATH.takeover`), and only while it is still the lock they judged stale, ' +
    "so none removes the lock another has just taken. `state: absent` releases the lock only when it is still this run's (`token`, " +
    'registered by the take): a lock taken over meanwhile is left to its new holder. ' +
    'Keep the name of a taken lock in `certbook_holds` (its `hold`) so that an interrupted run that cannot release it says so.',
  schema,
  argumentHints: {
    timeout: 'wait for a held lock with `until: result.rc != 75`, `retries` and `delay` on the task',
  },
  checkMode:
    'Looks at the lock and reports what a real run would do (take it, take it over, be refused, release it); creates and removes nothing.',
  changed: 'True when the lock was taken (or taken over) or released.',
  returns: {
    rc: '0 when taken, 75 when another run holds the lock',
    token: "this run's token when the lock was taken (give it to `state: absent`)",
    stdout: 'the token when taken (`released` when released), as the shell lock of earlier versions printed it',
    stderr: 'why a held lock was refused, or which stale lock was taken over',
    taken_over: 'why the lock taken over was stale, when it was',
    holder: 'the holder of a refused lock, as its owner file names it (without its token)',
    lock: 'the lock directory',
    hold: 'LABEL PATH: the name to keep in `certbook_holds` while the lock is held',
  },
  examples: [
    {
      title: 'Take the rotate lock, waiting up to a minute for another run to release it',
      yaml:
        '- name: Take the rotate lock\n  host_lock:\n    path: "{{ k3s_data_dir }}/certbook-rotate.lock"\n    label: rotate lock\n' +
        '  register: lock\n  until: lock.rc | default(0) != 75\n  retries: 30\n  delay: 2\n',
    },
    {
      title: "Release it (only if it is still this run's)",
      yaml: '- name: Release the rotate lock\n  host_lock:\n    path: "{{ k3s_data_dir }}/certbook-rotate.lock"\n    state: absent\n    token: "{{ lock.token | default(\'\') }}"\n',
    },
  ],
  run: async (rawArgs, ctx) => {
    const a = withDefaults(schema, rawArgs);
    try {
      return await runHostLock(a, shellLockSite(ctx, a.path), ctx.check);
    } catch (error) {
      if (error instanceof LockCommandError) return failed(error.message, { rc: 1, lock: a.path });
      throw error;
    }
  },
};
