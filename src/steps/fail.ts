/** `fail`: fail the host on purpose. */

import { args, str } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

/** Fails the host with a message; usually guarded by `when:`. */
export const failStep: StepDefinition = {
  name: 'fail',
  summary: 'Fail the host with a message',
  description: 'Fails the current host with `msg`. Put a `when:` on it to stop a host whose state is unsafe to continue with.',
  schema: args({
    msg: str('The failure message.', { default: 'Failed as requested from task' }),
  }),
  controllerOnly: true,
  checkMode: 'Runs as usual.',
  changed: 'Never.',
  returns: { msg: 'the message' },
  examples: [
    {
      title: 'Refuse to touch a host whose API certificate is not from k3s',
      yaml: '- name: Unknown issuer\n  fail:\n    msg: "the API server on {{ inventory_hostname }} is not serving a k3s certificate"\n  when: "\'k3s\' not in served.certificate.issuer"\n',
    },
  ],
  run: async (args) => ({ changed: false, failed: true, msg: String(args.msg ?? 'Failed as requested from task') }),
};
