/** `template`: render a Jinja file from the controller into a file on the host. */
import { withDefaults } from './host-ops/step-args.js';
import { args, choice, fileMode, OWNERSHIP, REPLACED_DEST_ARGS, type StepArgs, str, WRITTEN_FILE_RETURNS } from './schema-helpers.js';
import type { StepDefinition } from './step.js';
import { checkTemplateSource } from './template/template-load-check.js';
import { runTemplate } from './template/template-run.js';

const schema = args(
  {
    src: str(
      "The template on the controller: absolute, or relative to the playbook's `templates/` directory, then to the playbook's directory.",
    ),
    dest: str('The file on the host to write.'),
    mode: fileMode(
      "Permissions of `dest`, as a quoted octal string ('0600') or symbolic. New files get 0644 minus the umask when omitted; a replaced file keeps its mode.",
    ),
    ...OWNERSHIP,
    ...REPLACED_DEST_ARGS,
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
    '`trim_blocks` on, as in Ansible), and makes `dest` hold the result exactly as `copy` does with `content`: written to a temporary name, ' +
    "checked with `validate`, renamed into place, and left alone when it already matches. A relative `src` is looked up in the playbook's " +
    "`templates/` directory, then in the playbook's directory. Inside the template, `ansible_managed` (`Ansible managed`), `template_path`, " +
    '`template_fullpath`, `template_destpath`, `template_host`, `template_mtime` and `template_run_date` are defined as Ansible defines them. ' +
    'Values that came from a host (registered output, slurped files) are inserted as text and never rendered again. ' +
    'A literal `src` is checked before connecting: a missing file or one that does not parse stops the run.',
  schema,
  argumentHints: {
    trim_blocks: "certbook renders with trim_blocks on (Ansible's default) and takes no other setting",
    lstrip_blocks: 'not supported: write `{%-` to strip whitespace before a block tag',
    variable_start_string: 'not supported: templates use `{{ }}`',
    variable_end_string: 'not supported: templates use `{{ }}`',
    block_start_string: 'not supported: templates use `{% %}`',
    block_end_string: 'not supported: templates use `{% %}`',
    output_encoding: 'templates are written as UTF-8',
    follow: 'not supported: `dest` is replaced by a file, a symbolic link is not followed',
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
  run: (rawArgs, ctx) => runTemplate(withDefaults(schema, rawArgs), ctx),
};
