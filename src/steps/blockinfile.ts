/** `blockinfile`: keep a marked block of lines in a text file on the host. */
import { withDefaults } from './host-ops/step-args.js';
import { args, bool, choice, EDITED_FILE_ARGS, type StepArgs, str } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = args(
  {
    path: str('The file on the host to edit.'),
    state: choice(['present', 'absent'], 'Whether the block must be in the file or not.', 'present'),
    block: str('The lines to keep between the markers; empty removes the block.', { default: '' }),
    marker: str('The marker line; `{mark}` is replaced by `marker_begin` or `marker_end`. Give each block of a file its own marker.', {
      default: '# {mark} ANSIBLE MANAGED BLOCK',
    }),
    marker_begin: str('What `{mark}` becomes in the first marker line.', { default: 'BEGIN' }),
    marker_end: str('What `{mark}` becomes in the last marker line.', { default: 'END' }),
    insertafter: str(
      'Without markers in the file: put the block after the last line matching this regular expression, or `EOF` (the default).',
    ),
    insertbefore: str('Without markers in the file: put the block before the last line matching this regular expression, or `BOF`.'),
    create: bool(
      'Create the file, and its missing directories, when it does not exist; otherwise a missing file fails the task (also with `state: absent`, as in Ansible).',
      false,
    ),
    ...EDITED_FILE_ARGS,
  },
  ['path'],
);

/** The arguments of `blockinfile`, defaults applied. */
export type BlockinfileArgs = StepArgs<typeof schema>;

/** Inserts, replaces or removes a block between marker lines, as Ansible's blockinfile. */
export const blockinfileStep: StepDefinition = {
  name: 'blockinfile',
  summary: 'Keep a block of lines between marker lines in a text file',
  description:
    "Edits a text file with the semantics of ansible-core 2.14's blockinfile (compared case by case with it). The block sits between two marker " +
    'lines, `marker` with `{mark}` replaced by `marker_begin` and `marker_end`. When the file has both markers, the lines between them (markers ' +
    'included) are replaced by the block; otherwise the block goes after the last line matching `insertafter` (`EOF`, the default, appends), or ' +
    'before the last line matching `insertbefore` (`BOF`: first). A pattern starting with `(?m)` is searched in the whole text. `state: absent`, ' +
    'or an empty `block`, removes the block and its markers. The file is read once and written like `copy` (temporary file, `validate`, rename) ' +
    "only when it changes. Its text is data: never rendered. `create` also makes a missing file's missing directories (even with `state: absent`, " +
    "as Ansible does). Difference from Ansible: a line pattern is searched without the line's final newline.",
  schema,
  conflicts: [['insertbefore', 'insertafter']],
  aliases: { dest: 'path', destfile: 'path', name: 'path', content: 'block' },
  argumentHints: {
    unsafe_writes: 'certbook always writes through a temporary file and a rename',
    attributes: 'not supported: give `mode`, `owner` or `group`',
  },
  checkMode:
    'Reads the file and reports (with the diff, unless `no_log`) whether the block would be inserted, replaced or removed; writes nothing.',
  changed: 'True when the block was inserted, replaced or removed, the file created, or its mode, owner or group changed.',
  returns: {
    path: 'the file',
    msg: '`Block inserted`, `Block removed`, `File created`, `File PATH not present`, or empty when nothing changed',
    backup_file: 'where the old file was kept, when `backup` made one',
  },
  examples: [
    {
      title: 'Extra SANs in the k3s config, kept between markers',
      yaml: "- name: Serve the load balancer's names\n  blockinfile:\n    path: /etc/rancher/k3s/config.yaml\n    marker: '# {mark} certbook tls-san'\n    block: |\n      tls-san:\n        - lb.example.com\n        - 10.0.0.100\n    create: true\n    mode: '0600'\n  notify: restart k3s\n",
    },
    {
      title: 'Remove the block again',
      yaml: "- name: No extra SANs\n  blockinfile:\n    path: /etc/rancher/k3s/config.yaml\n    marker: '# {mark} certbook tls-san'\n    state: absent\n",
    },
  ],
  // Imported on first use: loading and checking a playbook never needs the step's run code.
  run: async (rawArgs, ctx) => (await import('./blockinfile/blockinfile-run.js')).runBlockinfile(withDefaults(schema, rawArgs), ctx),
};
