/** `set_fact`: define host variables for later tasks. */

import { bool, IDENTIFIER_PATTERN } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

/** Sets variables on the current host; every other key of the mapping is a fact name. */
export const setFactStep: StepDefinition = {
  name: 'set_fact',
  summary: 'Set variables on the host for the following tasks',
  description:
    'Every key is the name of a variable to set on the current host, with its value (templates are rendered first). The facts last until the end of ' +
    'the run and win over inventory and play variables. Names must be usable in templates: letters, digits and `_`, not starting with a digit. ' +
    "With `cacheable: true` the variables also join the host's facts (`ansible_facts.NAME`, `hostvars`), as Ansible's fact cache makes them; certbook keeps no cache across runs.",
  schema: {
    type: 'object',
    properties: {
      cacheable: bool(
        "Also add the variables to the host's facts (`ansible_facts.NAME`), as Ansible's fact cache does (for this run only).",
        false,
      ),
    },
    propertyNames: {
      pattern: IDENTIFIER_PATTERN,
      errorHint: 'a fact name is letters, digits and `_`, not starting with a digit (`api_port`, not `api-port`)',
    },
    additionalProperties: { description: 'A fact: its name is the key, its value anything.' },
    minProperties: 1,
    errorHint: 'give at least one `name: value` pair',
  },
  controllerOnly: true,
  checkMode: 'Runs as usual: facts are set in check mode too, so later tasks see them.',
  changed: 'Never.',
  returns: { ansible_facts: 'the facts that were set, name → value' },
  examples: [
    {
      title: 'Remember a decision for later tasks',
      yaml: '- name: Decide whether to rotate\n  set_fact:\n    needs_rotation: "{{ k3s_tls.soonest.days_left < 90 }}"\n    backup_dir: /var/backups/k3s\n',
    },
  ],
  run: async (args) => {
    const facts = Object.fromEntries(Object.entries(args).filter(([name]) => name !== 'cacheable'));
    return { changed: false, facts, ...(args.cacheable === true ? { factsCacheable: true } : {}), data: { ansible_facts: facts } };
  },
};
