/** `unarchive`: restore a tarball made by `archive`. */
import { withDefaults } from './host-ops/step-args.js';
import { args, bool, type StepArgs, str } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = args(
  {
    src: str('The tarball on the host, e.g. the `archive` registered by an `archive` task.'),
    dest: str('The directory to restore into; created when missing.'),
    clean: bool('Remove everything in `dest` that the tarball does not contain.', false),
    creates: str('A path on the host; when it exists, nothing is extracted and the task is ok.'),
  },
  ['src', 'dest'],
);

/** The arguments of `unarchive`, defaults applied. */
export type UnarchiveArgs = StepArgs<typeof schema>;

/** Extracts a tarball on the host into a directory, keeping permissions and owners. */
export const unarchiveStep: StepDefinition = {
  name: 'unarchive',
  summary: 'Restore a tarball into a directory on the host',
  description:
    'Extracts `src` (a `.tar.gz` or `.tar` on the host, such as one written by `archive`) into `dest`, keeping permissions, owners and timestamps. ' +
    'With `clean`, entries in `dest` that are not in the tarball are removed, so `dest` ends up exactly as archived: how the `rotate` playbook rolls back. ' +
    'Only entries that differ are written, so restoring the same tarball twice changes nothing the second time. Entries that would land outside `dest` (`../`, absolute paths) fail the task.',
  schema,
  argumentHints: {
    remote_src: 'unarchive always reads `src` on the host; remove it',
    copy: 'unarchive always reads `src` on the host; remove it',
    extra_opts: 'tar options are not passed through',
  },
  checkMode: 'Compares the tarball with `dest` and reports which entries would be written or (with `clean`) removed; changes nothing.',
  changed: 'True when any entry was written, had its attributes fixed, or was removed by `clean`.',
  returns: {
    dest: 'the directory restored into',
    src: 'the tarball read',
    extracted: 'the entries written (relative paths)',
    removed: 'the entries removed by `clean`',
  },
  examples: [
    {
      title: 'Roll server/tls back to the backup taken earlier in the play',
      yaml: '- name: Restore server/tls\n  unarchive:\n    src: "{{ tls_backup.archive }}"\n    dest: "{{ k3s_data_dir }}/server/tls"\n    clean: true\n  notify: restart k3s\n',
    },
  ],
  // Imported on first use: loading and checking a playbook never needs the step's run code.
  run: async (rawArgs, ctx) => (await import('./unarchive/unarchive-run.js')).runUnarchive(withDefaults(schema, rawArgs), ctx),
};
