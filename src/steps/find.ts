/** `find`: list files on the host matching criteria. */
import { withDefaults } from './host-ops/step-args.js';
import { args, bool, choice, int, type StepArgs, strOrList, typed } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = args(
  {
    paths: strOrList('The directories to search (one, or a list).'),
    patterns: strOrList(
      'Base-name patterns; an entry matching any of them is kept. Shell globs (`*.crt`), or regular expressions with `use_regex`.',
      { default: ['*'] },
    ),
    excludes: strOrList('Base-name patterns of entries to leave out, in the same syntax as `patterns`.'),
    use_regex: bool(
      'Read `patterns` and `excludes` as Python-style regular expressions matched against the whole base name, not globs.',
      false,
    ),
    file_type: choice(['file', 'directory', 'link', 'any'], 'The kind of entry to return.', 'file'),
    recurse: bool('Descend into subdirectories.', false),
    depth: int('How many directory levels to descend when `recurse` is on (1 = only the given directories).', { minimum: 1 }),
    age: typed<string>({
      type: 'string',
      pattern: '^-?\\d+[smhdw]?$',
      description:
        'Keep entries at least this old, or with a leading `-` at most this old. A number with an optional unit: s, m, h, d, w (default s), e.g. `2w`, `-1d`.',
      errorHint: 'write a number with an optional unit s, m, h, d or w, e.g. `30d`, or `-1d` for younger than a day',
    }),
    age_stamp: choice(['mtime', 'atime', 'ctime'], 'Which timestamp `age` compares.', 'mtime'),
    size: typed<string>({
      type: 'string',
      pattern: '^-?\\d+[bkmgt]?$',
      description:
        'Keep entries at least this large, or with a leading `-` at most this large. A number with an optional unit: b, k, m, g, t (default b), e.g. `10k`, `-1m`.',
      errorHint: 'write a number with an optional unit b, k, m, g or t, e.g. `10k`, or `-1m` for smaller than a megabyte',
    }),
    hidden: bool('Include entries whose name starts with a dot.', false),
    follow: bool('Follow symbolic links to directories when recursing.', false),
  },
  ['paths'],
);

/** The arguments of `find`, defaults applied. */
export type FindArgs = StepArgs<typeof schema>;

/** Finds files by name, type, age and size, like Ansible's `find`. */
export const findStep: StepDefinition = {
  name: 'find',
  summary: 'List files on the host by name, type, age and size',
  description:
    'Looks in each of `paths` for entries whose base name matches one of `patterns` (shell globs, or regular expressions with `use_regex`) ' +
    'and none of `excludes`, of the given `file_type`, and, when set, older/newer than `age` and larger/smaller than `size`. ' +
    'Loop over the registered `files` to act on each one. Paths that cannot be read are listed in `skipped_paths` rather than failing the task.',
  schema,
  aliases: { path: 'paths', name: 'paths', pattern: 'patterns', exclude: 'excludes' },
  argumentHints: {
    contains: 'searching file contents is not supported; `shell` with grep does it',
    get_checksum: 'find returns no checksums; use `stat` on the files you need',
  },
  checkMode: 'Runs as usual: it only reads.',
  changed: 'Never.',
  returns: {
    files: 'the matches, each with `path`, `mode`, `size`, `mtime`, `uid`, `gid`, `isdir`, `isreg`, `islnk`',
    matched: 'how many entries matched',
    examined: 'how many entries were looked at',
    skipped_paths: 'path → reason, for paths that could not be read',
  },
  examples: [
    {
      title: 'Every certificate k3s manages',
      yaml: '- name: Find the k3s certificates\n  find:\n    paths:\n      - "{{ k3s_data_dir }}/server/tls"\n      - "{{ k3s_data_dir }}/agent"\n    patterns: "*.crt"\n    recurse: true\n  register: k3s_certs\n',
    },
    {
      title: 'Old backups, for clean-up',
      yaml: '- name: Backups older than eight weeks\n  find:\n    paths: /var/backups/k3s\n    patterns: ["*.tar.gz"]\n    age: 8w\n  register: old_backups\n',
    },
  ],
  // Imported on first use: loading and checking a playbook never needs the step's run code.
  run: async (rawArgs, ctx) => (await import('./find/find-run.js')).runFind(withDefaults(schema, rawArgs), ctx),
};
