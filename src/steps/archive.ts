/** `archive`: a timestamped, restorable tarball of a directory. */
import { withDefaults } from './host-ops/step-args.js';
import { args, bool, choice, fileMode, int, type StepArgs, str, strOrList } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = args(
  {
    path: str('The directory on the host to back up.'),
    dest: str('The directory on the host that receives the tarball; created (mode 0700) when missing.'),
    name_prefix: str(
      'The start of the tarball name, before the timestamp. Defaults to the base name of `path`, any other character made `_`.',
      {
        pattern: '^[A-Za-z0-9._-]+$',
        errorHint: 'use letters, digits, `.`, `_` and `-` only (it becomes part of a file name)',
      },
    ),
    format: choice(['tar.gz', 'tar'], 'Compress with gzip, or write a plain tar.', 'tar.gz'),
    retain: int('How many tarballs with this prefix to keep in `dest`, newest first; older ones are deleted. 0 keeps them all.', {
      default: 0,
    }),
    exclude_path: strOrList('Glob patterns, relative to `path`, of entries to leave out (e.g. `*.tmp`).'),
    mode: fileMode('Permissions of the tarball, as a quoted octal string.', { default: '0600' }),
    force: bool('Write a new tarball even when the newest one already holds the same contents.', false),
  },
  ['path', 'dest'],
);

/** The arguments of `archive`, defaults applied. */
export type ArchiveArgs = StepArgs<typeof schema>;

/** Backs a directory up into a timestamped tarball, keeping the newest few. */
export const archiveStep: StepDefinition = {
  name: 'archive',
  summary: 'Back a directory up into a timestamped tarball on the host',
  description:
    'Writes `path` (a directory, recursively) into `dest/<name_prefix>-<UTC timestamp>.tar.gz`, e.g. `tls-20260131T120000Z.tar.gz`. ' +
    'Permissions, owners and timestamps are kept, so `unarchive` restores the tree exactly: this is the safety net of the `rotate` playbook. ' +
    'The tarball is written under a temporary name and renamed when complete; it gets `mode` (private by default: backups of ' +
    '`server/tls` hold private keys). A new tarball is written only when the contents differ from the newest existing one with the same ' +
    'prefix (or with `force`), so a second run changes nothing. With `retain`, only the newest `retain` tarballs with that prefix are kept.',
  schema,
  argumentHints: {
    remove: 'archive never deletes the source; use the `file` step with `state: absent`',
    exclusion_patterns: 'use `exclude_path`',
  },
  checkMode:
    'Compares with the newest tarball and reports whether one would be written and which old ones `retain` would delete; writes and deletes nothing.',
  changed: 'True when a new tarball was written or old ones were deleted by `retain`.',
  returns: {
    archive: 'the path of the tarball holding the current contents (the new one, or the newest identical one)',
    created: 'true when a new tarball was written',
    removed: 'the tarballs deleted by `retain`',
    files: 'how many entries were archived',
    size: 'size of the tarball in bytes',
  },
  examples: [
    {
      title: 'Back up the TLS directory before rotating, keeping ten backups',
      yaml: '- name: Back up server/tls\n  archive:\n    path: "{{ k3s_data_dir }}/server/tls"\n    dest: /var/backups/k3s\n    name_prefix: tls\n    retain: 10\n  register: tls_backup\n',
    },
  ],
  // Imported on first use: loading and checking a playbook never needs the step's run code.
  run: async (rawArgs, ctx) => (await import('./archive/archive-run.js')).runArchive(withDefaults(schema, rawArgs), ctx),
};
