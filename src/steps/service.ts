/** `service`: start, stop, restart or enable a system service. */
import { withDefaults } from './host-ops/step-args.js';
import { args, bool, choice, type StepArgs, str } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = {
  ...args({
    name: str('The service name, e.g. `k3s`, `k3s-agent`.'),
    state: choice(['started', 'stopped', 'restarted', 'reloaded'], 'What the service should be (or do) now.'),
    enabled: bool('Whether the service should start at boot. Unchanged when omitted.'),
    manager: choice(['auto', 'systemd', 'openrc', 'sysvinit', 'service'], 'The init system to use; `auto` detects it.', 'auto'),
    daemon_reload: bool(
      "systemd only: run `systemctl daemon-reload` first (not in check mode), so edited unit files are read before `state`/`enabled` act. Not counted as a change, as in Ansible's systemd module.",
      false,
    ),
  }),
  // `name` only for what acts on a service: `daemon_reload` alone reloads systemd itself.
  dependencies: { state: ['name'], enabled: ['name'] },
};

/** The arguments of `service`, defaults applied. */
export type ServiceArgs = StepArgs<typeof schema>;

/** Controls a service through the host's init system. */
export const serviceStep: StepDefinition = {
  name: 'service',
  summary: 'Start, stop, restart, reload or enable a service',
  description:
    'Brings the service `name` to `state` and/or `enabled`, through systemd, OpenRC or SysV init (detected unless `manager` says). ' +
    '`started` and `stopped` act only when needed; `restarted` and `reloaded` always act. ' +
    'Give `state`, `enabled`, `daemon_reload` or several; `name` is needed with `state` and `enabled`, not for `daemon_reload` alone ' +
    "(`service: {daemon_reload: true}` reloads systemd's units, as Ansible's systemd module does). For k3s, restart `k3s` on servers and `k3s-agent` on agents.",
  schema,
  requiresOneOf: [['state', 'enabled', 'daemon_reload']],
  aliases: { service: 'name', use: 'manager' },
  argumentHints: {
    sleep: 'use `wait_for` after the restart to wait for the service to answer',
  },
  checkMode: 'Queries the service and reports what would change; `restarted`/`reloaded` report changed.',
  changed: 'True when the service was started, stopped, restarted, reloaded, enabled or disabled.',
  returns: {
    name: 'the service',
    state: 'its state now: `started` or `stopped`',
    enabled: 'whether it starts at boot now',
    manager: 'the init system used',
  },
  examples: [
    {
      title: 'Restart k3s (as a handler)',
      yaml: '- name: restart k3s\n  service:\n    name: k3s\n    state: restarted\n',
    },
    {
      title: 'Make sure the agent runs and starts at boot',
      yaml: '- name: k3s agent running\n  service: { name: k3s-agent, state: started, enabled: true }\n',
    },
  ],
  // Imported on first use: loading and checking a playbook never needs the step's run code.
  run: async (rawArgs, ctx) => (await import('./service/service-run.js')).runService(withDefaults(schema, rawArgs), ctx),
};
