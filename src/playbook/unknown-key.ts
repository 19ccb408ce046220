/**
 * The problem for a task key that is neither a keyword nor a step, with the most useful hint:
 * a near miss, or the certbook way of saying what an Ansible-only key says.
 */
import type { Problem } from '../errors/problem.js';
import { closest } from '../errors/suggest.js';
import { STEPS } from '../steps/registry.js';
import { TASK_KEYWORDS } from './keywords.js';
import type { LoadContext } from './load-context.js';

/** Ansible keys certbook does not take, with what to write instead. */
const ANSIBLE_ONLY: Record<string, string> = {
  with_items: 'use `loop:` (with_* lookups are not supported)',
  with_list: 'use `loop:`',
  with_dict: 'use `loop: "{{ mydict | dict2items }}"`',
  with_fileglob: 'use the `find` step and loop over its `files`',
  local_action: 'use the step directly with `delegate_to: localhost`',
  action: 'name the step as the key, e.g. `shell: …`',
  include: 'use `import_tasks:` (static) or `include_tasks:` (dynamic)',
  include_role: 'roles are not supported; use `import_tasks:`',
  import_role: 'roles are not supported; use `import_tasks:`',
  roles: 'roles are not supported; use `import_tasks:`',
  become_pass: 'become passwords come from -K or the `ansible_become_password` inventory variable, never from a task',
  delegate_facts: 'facts of a delegated host are not stored; register the result instead',
  connection: 'set `ansible_connection` for the host in the inventory',
  port: 'set `ansible_port` for the host in the inventory',
  async: 'certbook runs every task to its end; bound it with `timeout:` instead',
  poll: 'certbook runs every task to its end; bound it with `timeout:` instead',
  throttle: 'limit parallel hosts with `--forks`, or `serial:` on the play',
  module_defaults: 'write the arguments on each task (YAML merge keys `<<: *defaults` help)',
  become_exe: 'certbook runs `sudo` or `su` from the PATH; choose with `become_method`',
};

/** Builds the problem for `key`, pointing at its node. */
export function unknownTaskKey(ctx: LoadContext, key: string, keyNode: unknown, hasStep: boolean): Problem {
  const ansibleHint = ANSIBLE_ONLY[key];
  if (ansibleHint) {
    return ctx.source.problemAt(keyNode, 'UNKNOWN_KEYWORD', `\`${key}\` is not supported by certbook`, ansibleHint);
  }
  const prefixed = /^ansible\.(builtin|legacy)\.(.+)$/.exec(key);
  if (prefixed && STEPS.has(prefixed[2]!)) {
    return ctx.source.problemAt(
      keyNode,
      'UNKNOWN_STEP',
      `unknown step \`${key}\``,
      `certbook names steps without a collection prefix: use \`${prefixed[2]}\` (see \`certbook steps ${prefixed[2]}\`)`,
    );
  }
  const keyword = closest(key, Object.keys(TASK_KEYWORDS));
  const step = closest(key, STEPS.keys());
  if (keyword && (!step || hasStep)) {
    return ctx.source.problemAt(keyNode, 'UNKNOWN_KEYWORD', `unknown task keyword \`${key}\``, `did you mean \`${keyword}\`?`);
  }
  if (step) {
    return ctx.source.problemAt(keyNode, 'UNKNOWN_STEP', `unknown step \`${key}\``, `did you mean \`${step}\`?`);
  }
  if (hasStep) {
    return ctx.source.problemAt(
      keyNode,
      'UNKNOWN_KEYWORD',
      `unknown task keyword \`${key}\``,
      'arguments belong under the step (indent them below it); `certbook steps NAME` lists them',
    );
  }
  return ctx.source.problemAt(
    keyNode,
    'UNKNOWN_STEP',
    `\`${key}\` is neither a step nor a task keyword`,
    '`certbook steps` lists every step',
  );
}
