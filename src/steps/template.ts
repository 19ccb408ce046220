/** `template`: render a Jinja file from the controller into a file on the host. */
import { withDefaults } from './host-ops/step-args.js';
import { args, bool, choice, fileMode, OWNERSHIP, REPLACED_DEST_ARGS, type StepArgs, str, WRITTEN_FILE_RETURNS } from './schema-helpers.js';
import type { StepDefinition } from './step.js';
import { OUTPUT_ENCODINGS } from './template/output-encoding.js';
import { checkTemplateSource } from './template/template-load-check.js';

const schema = args(
  {
    src: str(
      "The template on the controller: absolute, or relative to the role's `templates/` and directory (in a role), then the playbook's `templates/` directory, then the playbook's directory.",
    ),
    dest: str('The file on the host to write.'),
    mode: fileMode(
      "Permissions of `dest`, as a quoted octal string ('0600') or symbolic. New files get 0644 minus the umask when omitted; a replaced file keeps its mode.",
    ),
    ...OWNERSHIP,
    ...REPLACED_DEST_ARGS,
    trim_blocks: bool("Drop the newline right after a block tag (`{% if %}`, `{% endfor %}`, a comment), as Jinja's `trim_blocks`.", true),
    lstrip_blocks: bool("Drop the spaces and tabs before a block tag or comment that starts a line, as Jinja's `lstrip_blocks`.", false),
    output_encoding: choice(
      OUTPUT_ENCODINGS,
      "The encoding `dest` is written in (Python's codec names); a character it cannot hold fails the task.",
      'utf-8',
    ),
    follow: bool(
      'When `dest` is a symbolic link, write the file it leads to (the link stays); otherwise the link is replaced by a file.',
      false,
    ),
    newline_sequence: choice(
      ['\\n', '\\r', '\\r\\n'],
      "The line ending written, as Ansible spells it in single quotes: `'\\n'`, `'\\r'` or `'\\r\\n'` (every line ending of the rendered text is converted).",
      '\\n',
    ),
  },
  ['src', 'dest'],
);

/** The arguments of `template`, defaults applied. */
export type TemplateArgs = StepArgs<typeof schema>;

/** Renders a controller template with the host's variables and writes it like `copy`. */
export const templateStep: StepDefinition = {
  name: 'template',
  summary: 'Write a file on the host from a Jinja template on the controller',
  description:
    "Renders `src`, a Jinja template on the controller, with the host's variables (the same sandbox, filters and tests as task templates; " +
    '`trim_blocks` on and `lstrip_blocks` off unless asked otherwise, as in Ansible), and makes `dest` hold the result exactly as `copy` does with `content`: written to a temporary name, ' +
    "checked with `validate`, renamed into place, and left alone when it already matches. A relative `src` is looked up in the role's `templates/` " +
    "and directory (for a task in a role), then in the playbook's `templates/` directory, then in the playbook's directory. Inside the template, `ansible_managed` (`Ansible managed`), `template_path`, " +
    '`template_fullpath`, `template_destpath`, `template_host`, `template_mtime` and `template_run_date` are defined as Ansible defines them. ' +
    'Values that came from a host (registered output, slurped files) are inserted as text and never rendered again. ' +
    'A literal `src` is checked before connecting: a missing file or one that does not parse stops the run.',
  schema,
  argumentHints: {
    variable_start_string: 'not supported: templates use `{{ }}`',
    variable_end_string: 'not supported: templates use `{{ }}`',
    block_start_string: 'not supported: templates use `{% %}`',
    block_end_string: 'not supported: templates use `{% %}`',
  },
  checkMode:
    'Renders the template, compares checksums and attributes and reports (with the diff, unless `no_log`) what would change; writes nothing.',
  changed: 'True when the contents, mode, owner or group of `dest` were changed.',
  returns: WRITTEN_FILE_RETURNS,
  examples: [
    {
      title: 'A registries file per node from templates/registries.yaml.j2',
      yaml: "- name: Configure the registry mirror\n  template:\n    src: registries.yaml.j2\n    dest: /etc/rancher/k3s/registries.yaml\n    mode: '0600'\n  notify: restart k3s\n",
    },
    {
      title: 'A sudoers rule checked before it replaces the old one',
      yaml: "- name: Install the sudoers rule\n  template:\n    src: certbook.sudoers.j2\n    dest: /etc/sudoers.d/certbook\n    mode: '0440'\n    validate: visudo -cf %s\n    backup: true\n",
    },
  ],
  loadCheck: checkTemplateSource,
  // Imported on first use: loading and checking a playbook never needs the step's run code.
  run: async (rawArgs, ctx) => (await import('./template/template-run.js')).runTemplate(withDefaults(schema, rawArgs), ctx),
};
