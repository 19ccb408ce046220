/** `file`: make a path exist (or not) with given ownership and permissions. */
import { withDefaults } from './host-ops/step-args.js';
import { args, bool, choice, fileMode, OWNERSHIP, type StepArgs, str } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = args(
  {
    path: str('The path on the host.'),
    state: choice(['file', 'directory', 'touch', 'absent'], 'What `path` should be.', 'file'),
    mode: fileMode("Permissions, as a quoted octal string ('0644', '0750') or symbolic (`u=rw,g=r,o=`). Unchanged when omitted."),
    ...OWNERSHIP,
    recurse: bool('With `state: directory`, apply `mode`, `owner` and `group` to everything inside too.', false),
  },
  ['path'],
);

/** The arguments of `file`, defaults applied. */
export type FileArgs = StepArgs<typeof schema>;

/** Manages a path's existence, kind, mode and ownership. */
export const fileStep: StepDefinition = {
  name: 'file',
  summary: 'Create, remove or fix the permissions of a file or directory',
  description:
    'Brings `path` to `state`: `directory` creates it (and its parents) when missing, `touch` creates an empty file when missing, ' +
    '`absent` removes it (a directory recursively), and `file` only adjusts an existing file (it fails when the file is missing; use `copy` to create content). ' +
    'In every state but `absent`, `mode`, `owner` and `group` are then applied, to the whole tree with `recurse`.',
  schema,
  aliases: { dest: 'path', name: 'path' },
  argumentHints: {
    src: 'links are not managed by certbook; use `command: ln -s …` with `creates:`',
    force: 'links are not managed by certbook; remove it',
  },
  checkMode: 'Compares and reports what would change (created, removed, mode or owner fixed) without changing anything.',
  changed: 'True when the path was created, removed, or its mode, owner or group was changed.',
  returns: {
    path: 'the path',
    state: 'what the path is now: `file`, `directory` or `absent`',
    mode: 'permissions now, as an octal string',
    owner: 'owner name now',
    group: 'group name now',
  },
  examples: [
    {
      title: 'A private directory for backups',
      yaml: "- name: Backup directory\n  file:\n    path: /var/backups/k3s\n    state: directory\n    mode: '0700'\n    owner: root\n",
    },
    {
      title: 'Delete the cached serving certificate (it is re-issued on restart)',
      yaml: '- name: Remove dynamic-cert.json\n  file:\n    path: "{{ k3s_data_dir }}/server/tls/dynamic-cert.json"\n    state: absent\n  notify: restart k3s\n',
    },
  ],
  // Imported on first use: loading and checking a playbook never needs the step's run code.
  run: async (rawArgs, ctx) => (await import('./file/file-run.js')).runFile(withDefaults(schema, rawArgs), ctx),
};
