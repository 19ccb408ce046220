/** `slurp`: fetch a file's contents from the host. */
import type { StepDefinition } from './step.js';
import { args, int, str } from './schema-helpers.js';

/** Reads a file from the host into a registered variable, base64-encoded as in Ansible. */
export const slurpStep: StepDefinition = {
  name: 'slurp',
  summary: "Read a file's contents from the host",
  description:
    'Reads `src` from the host and registers its contents base64-encoded (decode with `| b64decode`), as Ansible does, so binary files survive. ' +
    'The contents are data from the host and are never templated, whatever braces they contain. ' +
    'Files larger than `max_size` fail the task rather than filling memory. Set `no_log: true` on the task when the file holds a secret.',
  schema: args({
    src: str('The file on the host to read.'),
    max_size: int('The largest file, in bytes, that may be read; a larger one fails the task.', { minimum: 1, default: 1048576 }),
  }, ['src']),
  aliases: { path: 'src' },
  checkMode: 'Runs as usual: it only reads.',
  changed: 'Never.',
  returns: {
    content: 'the contents, base64-encoded',
    encoding: 'always `base64`',
    source: 'the path that was read',
  },
  examples: [
    {
      title: 'Read a certificate and use it in a later task',
      yaml: '- name: Fetch the client CA\n  slurp:\n    src: /var/lib/rancher/k3s/server/tls/client-ca.crt\n  register: client_ca\n',
    },
  ],
};
