/** `meta`: control the run itself. */

import { args, choice } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

/** Run-control actions: flush handlers now, end the host or the play. */
export const metaStep: StepDefinition = {
  name: 'meta',
  summary: 'Run handlers now, or end the host or the play',
  description:
    '`flush_handlers` runs the handlers notified so far, now rather than at the end of the play. `end_host` stops the play for the current host ' +
    '(it is not a failure). `end_play` stops the play for every host. `noop` does nothing. Usually written in free form: `meta: flush_handlers`.',
  schema: args(
    {
      action: choice(['flush_handlers', 'end_host', 'end_play', 'noop'], "What to do. This is what the step's free form sets."),
    },
    ['action'],
  ),
  freeForm: 'action',
  aliases: { free_form: 'action' },
  controllerOnly: true,
  checkMode: 'Runs as usual.',
  changed: 'Never.',
  returns: {},
  examples: [
    {
      title: 'Restart k3s before checking the new certificates',
      yaml: '- meta: flush_handlers\n',
    },
    {
      title: 'Nothing to do on this host',
      yaml: '- name: Certificates are fine here\n  meta: end_host\n  when: not needs_rotation | bool\n',
    },
  ],
  run: async (args) => ({ changed: false, meta: args.action as 'flush_handlers' | 'end_host' | 'end_play' | 'noop' }),
};
