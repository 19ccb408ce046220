/** `include_vars`: load variables from YAML/JSON files on the controller. */
import { withDefaults } from './host-ops/step-args.js';
import { checkIncludeVarsFile } from './include-vars/include-vars-load-check.js';
import { args, bool, IDENTIFIER_PATTERN, int, type StepArgs, str, strList } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = args({
  file: str(
    "A YAML or JSON file of variables: absolute, or in the role's `vars/` or directory (for a task in a role), or in the playbook's `vars/` directory, or in the playbook's directory.",
  ),
  dir: str(
    "A directory of variable files, read recursively in sorted order: absolute, in the role's `vars/` or directory (in a role), or relative to the playbook's directory.",
  ),
  name: str('Put the variables under this one name (a mapping) instead of at the top level.', {
    pattern: IDENTIFIER_PATTERN,
    errorHint: 'a variable name is letters, digits and `_`, not starting with a digit',
  }),
  files_matching: str('With `dir`: read only files whose name this Python regular expression finds.'),
  ignore_files: strList('With `dir`: skip files whose name ends with a match of one of these regular expressions.', { default: [] }),
  depth: int('With `dir`: how many directories of the sorted walk to read (0: all).', { default: 0 }),
  extensions: strList('With `dir`: the file extensions read, without the dot.', { default: ['yaml', 'yml', 'json'] }),
  ignore_unknown_extensions: bool('With `dir`: skip files with other extensions instead of failing.', false),
});

/** The arguments of `include_vars`, defaults applied. */
export type IncludeVarsArgs = StepArgs<typeof schema>;

/** Reads a vars file, or a directory of them, into the host's variables. */
export const includeVarsStep: StepDefinition = {
  name: 'include_vars',
  summary: 'Load variables for the host from YAML/JSON files on the controller',
  description:
    "Reads `file` (looked up in the playbook's `vars/` directory, then in the playbook's directory) or every file of `dir` (relative to the " +
    "playbook's directory; sorted; filtered by `files_matching`, `ignore_files` and `extensions`), later files winning, with the reader every " +
    "playbook file goes through (errors with `file:line:col`). The variables stay set on the host for the rest of the run, at Ansible's " +
    'include_vars precedence: above play vars, vars_files and block/task `vars`, below `set_fact`, registered results and extra vars. ' +
    'Values may hold templates, rendered when used, as in `vars_files`. A literal `file` is read before connecting: a missing or broken one stops the run. `depth` counts directories of the sorted walk, as Ansible does.',
  freeForm: 'file',
  schema,
  conflicts: [
    ['file', 'dir'],
    ['file', 'files_matching'],
    ['file', 'ignore_files'],
    ['file', 'depth'],
    ['file', 'extensions'],
    ['file', 'ignore_unknown_extensions'],
  ],
  requiresOneOf: [['file', 'dir']],
  argumentHints: { hash_behaviour: "not supported: variables replace earlier ones of the same name, as with Ansible's default `replace`" },
  controllerOnly: true,
  checkMode: 'Runs as usual: the variables are read and set in check mode too, so later tasks see them.',
  changed: 'Never.',
  returns: {
    ansible_facts: 'the variables read, name → value (under `name` when given)',
    ansible_included_var_files: 'the files read, in order',
    message: 'why it failed, when it did (also in `msg`)',
  },
  examples: [
    {
      title: 'Per-distribution settings',
      yaml: '- name: Settings of this distribution\n  include_vars: "{{ k3s_distribution | default(\'k3s\') }}.yaml"\n',
    },
    {
      title: 'Every cluster file of a directory, under one name',
      yaml: "- name: Cluster settings\n  include_vars:\n    dir: clusters\n    files_matching: '^prod-'\n    name: clusters\n",
    },
  ],
  loadCheck: checkIncludeVarsFile,
  // Imported on first use: loading and checking a playbook never needs the step's run code.
  run: async (rawArgs, ctx) => (await import('./include-vars/include-vars-run.js')).runIncludeVars(withDefaults(schema, rawArgs), ctx),
};
