/** `slurp`: fetch a file's contents from the host. */
import { RemoteFileError } from '../connection/errors.js';
import { withDefaults } from './host-ops/step-args.js';
import { args, int, type StepArgs, str } from './schema-helpers.js';
import type { StepDefinition } from './step.js';
import type { StepContext, StepResult } from './step-run.js';

const schema = args(
  {
    src: str('The file on the host to read.'),
    max_size: int('The largest file, in bytes, that may be read; a larger one fails the task.', { minimum: 1, default: 1048576 }),
  },
  ['src'],
);

/** The arguments of `slurp`, defaults applied. */
type SlurpArgs = StepArgs<typeof schema>;

/** Reads a file from the host into a registered variable, base64-encoded as in Ansible. */
export const slurpStep: StepDefinition = {
  name: 'slurp',
  summary: "Read a file's contents from the host",
  description:
    'Reads `src` from the host and registers its contents base64-encoded (decode with `| b64decode`), as Ansible does, so binary files survive. ' +
    'The contents are data from the host and are never templated, whatever braces they contain. ' +
    'Files larger than `max_size` fail the task rather than filling memory. Set `no_log: true` on the task when the file holds a secret.',
  schema,
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
  run: (rawArgs, ctx) => runSlurp(withDefaults(schema, rawArgs), ctx),
};

const REASONS: Record<string, string> = {
  ENOENT: 'file not found',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory, not a file',
  // EIO: the connection's own words say more (e.g. "not a regular file" for a FIFO or device).
};

/** One read (SFTP, or one command under become); the bytes are returned as they are, base64. */
async function runSlurp(a: SlurpArgs, ctx: StepContext): Promise<StepResult> {
  try {
    const data = await ctx.host.readFile(a.src, { maxBytes: a.max_size, ...(ctx.become ? { become: ctx.become } : {}) });
    return { changed: false, data: { content: data.toString('base64'), encoding: 'base64', source: a.src } };
  } catch (error) {
    if (!(error instanceof RemoteFileError)) throw error;
    const why = error.code === 'TOO_LARGE' ? `${error.detail} (raise \`max_size\` to read it)` : (REASONS[error.code] ?? error.detail);
    return { changed: false, failed: true, msg: `cannot read ${a.src}: ${why}`, data: { source: a.src } };
  }
}
