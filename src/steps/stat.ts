/** `stat`: facts about one path on the host. */
import { withDefaults } from './host-ops/step-args.js';
import { args, bool, choice, type StepArgs, str } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = args(
  {
    path: str('The path on the host to look at.'),
    follow: bool('Follow a symbolic link and describe its target instead of the link itself.', false),
    get_checksum: bool('Compute a checksum of a regular file (reads the whole file).', true),
    checksum_algorithm: choice(
      ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'],
      'The checksum algorithm; sha1 matches what Ansible and the `copy` step report.',
      'sha1',
    ),
  },
  ['path'],
);

/** The arguments of `stat`, defaults applied. */
export type StatArgs = StepArgs<typeof schema>;

/** Reads the metadata (and optionally a checksum) of a path. */
export const statStep: StepDefinition = {
  name: 'stat',
  summary: 'Read facts about a file or directory on the host',
  description:
    'Reads whether `path` exists and, when it does, its type, size, mode, owner, group, times and (for regular files) a checksum. ' +
    'A missing path is not a failure: `stat.exists` is false. Register the result and test it in `when:`.',
  schema,
  aliases: { dest: 'path', name: 'path', checksum: 'checksum_algorithm', checksum_algo: 'checksum_algorithm' },
  argumentHints: {
    get_mime: 'MIME detection is not supported',
    get_attributes: 'extended attributes are not read',
  },
  checkMode: 'Runs as usual: it only reads.',
  changed: 'Never.',
  returns: {
    'stat.exists': 'true when the path exists',
    'stat.path': 'the path looked at',
    'stat.isdir': 'a directory',
    'stat.isreg': 'a regular file',
    'stat.islnk': 'a symbolic link (only without `follow`)',
    'stat.lnk_target': 'where the link points',
    'stat.size': 'size in bytes',
    'stat.mode': "permissions as an octal string, e.g. '0644'",
    'stat.uid': 'owner id',
    'stat.gid': 'group id',
    'stat.pw_name': 'owner name',
    'stat.gr_name': 'group name',
    'stat.mtime': 'modification time, seconds since the epoch',
    'stat.checksum': 'the checksum, when computed',
  },
  examples: [
    {
      title: 'Act only when a file exists',
      yaml: '- name: Is there a dynamic serving certificate?\n  stat:\n    path: "{{ k3s_data_dir }}/server/tls/dynamic-cert.json"\n    get_checksum: false\n  register: dynamic_cert\n',
    },
  ],
  // Imported on first use: loading and checking a playbook never needs the step's run code.
  run: async (rawArgs, ctx) => (await import('./stat-run.js')).runStat(withDefaults(schema, rawArgs), ctx),
};
