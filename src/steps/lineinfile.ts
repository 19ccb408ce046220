/** `lineinfile`: make sure one line is in a text file on the host, or is not. */
import { withDefaults } from './host-ops/step-args.js';
import { args, bool, choice, EDITED_FILE_ARGS, type StepArgs, str } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = args(
  {
    path: str('The file on the host to edit.'),
    state: choice(['present', 'absent'], 'Whether the line must be in the file or not.', 'present'),
    regexp: str(
      'A Python regular expression searched in every line: the last line it finds is replaced (`present`) or every one removed (`absent`).',
    ),
    search_string: str('A literal string searched in every line, used like `regexp`.'),
    line: str('The line to put in the file (without its newline). Required with `state: present`.'),
    insertafter: str(
      'When nothing is found: add `line` after the last line matching this regular expression, or `EOF` (the default) or `BOF`.',
    ),
    insertbefore: str('When nothing is found: add `line` before the last line matching this regular expression, or `BOF`.'),
    backrefs: bool('Expand `\\1`, `\\g<name>` of the `regexp` match in `line`; when `regexp` finds nothing the file is left alone.', false),
    firstmatch: bool('Use the first line that `regexp`, `search_string` or `insertafter`/`insertbefore` finds instead of the last.', false),
    create: bool(
      'Create the file, and its missing directories, when it does not exist (`state: present`); otherwise a missing file fails the task.',
      false,
    ),
    ...EDITED_FILE_ARGS,
  },
  ['path'],
);

/** The arguments of `lineinfile`, defaults applied. */
export type LineinfileArgs = StepArgs<typeof schema>;

/** Ensures a line is present (replacing the one a pattern finds) or absent, as Ansible's lineinfile. */
export const lineinfileStep: StepDefinition = {
  name: 'lineinfile',
  summary: 'Make sure a line is in a text file on the host, or is not',
  description:
    "Edits one line of a text file with the semantics of ansible-core 2.14's lineinfile (compared case by case with it). With `state: present`, " +
    'the last line that `regexp` (a Python regular expression) or `search_string` finds is replaced by `line` (the first with `firstmatch`); when ' +
    'nothing is found, `line` is added after the last line matching `insertafter` or before the last matching `insertbefore` (`EOF`, the default, ' +
    'appends; `BOF` puts it first), unless `line` is already in the file. With `backrefs`, `line` may use `\\1` and `\\g<name>` of the match, ' +
    'and nothing is added when `regexp` finds nothing. With `state: absent`, every line that `regexp`, `search_string` or `line` finds is removed. ' +
    'The file is read once and written like `copy` (temporary file, `validate`, rename) only when it changes. Its text is data: never rendered. ' +
    "`create` also makes a missing file's missing directories. " +
    "Difference from Ansible: `regexp` is searched in a line without its final newline (JavaScript's `$` does not match before one).",
  schema,
  conflicts: [
    ['insertbefore', 'insertafter'],
    ['regexp', 'search_string'],
    ['backrefs', 'search_string'],
  ],
  aliases: { dest: 'path', destfile: 'path', name: 'path', regex: 'regexp', value: 'line' },
  argumentHints: {
    unsafe_writes: 'certbook always writes through a temporary file and a rename',
    attributes: 'not supported: give `mode`, `owner` or `group`',
  },
  checkMode:
    'Reads the file and reports (with the diff, unless `no_log`) whether the line would be added, replaced or removed; writes nothing.',
  changed: 'True when a line was added, replaced or removed, or the mode, owner or group changed.',
  returns: {
    path: 'the file',
    msg: '`line added`, `line replaced`, `N line(s) removed`, `file not present`, or empty when nothing changed',
    found: '(`state: absent`) how many lines were found and removed',
    backup: 'where the old file was kept, when `backup` made one; empty otherwise',
  },
  examples: [
    {
      title: 'Renew leaf certificates a year ahead (k3s reads its environment file at start)',
      yaml: "- name: Set the certificate lifetime\n  lineinfile:\n    path: /etc/default/k3s\n    regexp: '^CATTLE_NEW_SIGNED_CERT_EXPIRATION_DAYS='\n    line: CATTLE_NEW_SIGNED_CERT_EXPIRATION_DAYS=365\n    create: true\n  notify: restart k3s\n",
    },
    {
      title: 'Add a SAN to the server flags, keeping the rest of the line',
      yaml: "- name: Serve the load balancer's name\n  lineinfile:\n    path: /etc/systemd/system/k3s.service\n    regexp: '^(ExecStart=\\S+ server)(?!.*--tls-san=lb)(.*)$'\n    line: '\\1 --tls-san=lb.example.com\\2'\n    backrefs: true\n",
    },
    {
      title: 'Remove a line',
      yaml: "- name: No more insecure registries\n  lineinfile:\n    path: /etc/rancher/k3s/config.yaml\n    regexp: '^insecure-registry:'\n    state: absent\n",
    },
  ],
  // Imported on first use: loading and checking a playbook never needs the step's run code.
  run: async (rawArgs, ctx) => (await import('./lineinfile/lineinfile-run.js')).runLineinfile(withDefaults(schema, rawArgs), ctx),
};
