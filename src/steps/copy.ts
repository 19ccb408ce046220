/** `copy`: put content into a file on the host. */
import { withDefaults } from './host-ops/step-args.js';
import { args, bool, fileMode, OWNERSHIP, REPLACED_DEST_ARGS, type StepArgs, str, WRITTEN_FILE_RETURNS } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = args(
  {
    content: str('The exact text the file should hold. Mutually exclusive with `src`.'),
    src: str(
      "A file to copy: on the controller (a relative one in the role's `files/` and directory for a task in a role, then the playbook's `files/` and directory), or on the host with `remote_src`. Mutually exclusive with `content`.",
    ),
    remote_src: bool('Read `src` on the host rather than on the controller.', false),
    dest: str('The file on the host to write. When it is an existing directory, the file is written inside it under the name of `src`.'),
    mode: fileMode(
      "Permissions of `dest`, as a quoted octal string ('0600') or symbolic; `preserve` keeps those of `src`. New files get 0644 minus the umask when omitted.",
      {
        pattern: '^(preserve|0?[0-7]{3,4}|[ugoa]*[-+=][rwxXst]*(,[ugoa]*[-+=][rwxXst]*)*)$',
      },
    ),
    ...OWNERSHIP,
    ...REPLACED_DEST_ARGS,
  },
  ['dest'],
);

/** The arguments of `copy`, defaults applied. */
export type CopyArgs = Omit<StepArgs<typeof schema>, 'content'> & {
  /** Text (written as UTF-8), or bytes already encoded (`template`'s `output_encoding`, `uri`'s `dest`). */
  content?: string | Buffer;
};

/** Writes a file on the host from inline text or from a file on the controller. */
export const copyStep: StepDefinition = {
  name: 'copy',
  summary: 'Write a file on the host from text or from a controller file',
  description:
    'Makes `dest` hold exactly `content` (inline text) or the contents of `src` (a file on the controller, relative to the playbook; ' +
    'with `remote_src`, a file on the host). The file is written to a temporary name beside `dest`, checked with `validate` when given, ' +
    'then renamed into place, so readers never see half a file. Nothing is written when the contents and attributes already match. ' +
    'When `content` is a secret (a key, a token), set `no_log: true` on the task so neither the value nor the diff is shown.',
  schema,
  conflicts: [['content', 'src']],
  requiresOneOf: [['content', 'src']],
  argumentHints: {
    directory_mode: 'copy writes single files; create directories with the `file` step',
    decrypt: 'vault is not supported',
  },
  checkMode: 'Compares checksums and attributes and reports (with the diff, unless `no_log`) what would change; writes nothing.',
  changed: 'True when the contents, mode, owner or group of `dest` were changed.',
  returns: WRITTEN_FILE_RETURNS,
  examples: [
    {
      title: 'A small config file from inline text',
      yaml: "- name: Renew certificates 120 days ahead\n  copy:\n    dest: /etc/default/k3s\n    content: |\n      CATTLE_NEW_SIGNED_CERT_EXPIRATION_DAYS=365\n    mode: '0644'\n  notify: restart k3s\n",
    },
    {
      title: 'A file from the controller, checked before it replaces the old one',
      yaml: "- name: Install the sudoers rule\n  copy:\n    src: files/certbook.sudoers\n    dest: /etc/sudoers.d/certbook\n    mode: '0440'\n    validate: visudo -cf %s\n    backup: true\n",
    },
  ],
  // Imported on first use: loading and checking a playbook never needs the step's run code.
  run: async (rawArgs, ctx) => (await import('./copy/copy-run.js')).runCopy(withDefaults(schema, rawArgs), ctx),
};
