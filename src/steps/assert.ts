/** `assert`: fail unless conditions hold. */

import { args, bool, str, strOrList } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

/** Checks conditions on the controller and fails the host when one does not hold. */
export const assertStep: StepDefinition = {
  name: 'assert',
  summary: 'Fail the host unless every condition holds',
  description:
    'Evaluates each expression of `that` (bare Jinja expressions, as in `when:`) and fails the host on the first that is false, with `fail_msg`. ' +
    'Runs on the controller; it never contacts the host.',
  schema: args(
    {
      that: strOrList('The conditions, bare Jinja expressions such as `k3s_tls.soonest.days_left > 30`; all must be true.'),
      fail_msg: str('The failure message when a condition is false.'),
      msg: str('Same as `fail_msg` (Ansible accepts both).'),
      success_msg: str('The message when every condition holds.'),
      quiet: bool('Show only `ok` when every condition holds, not the result (which is still registered).', false),
    },
    ['that'],
  ),
  conflicts: [['fail_msg', 'msg']],
  controllerOnly: true,
  checkMode: 'Runs as usual.',
  changed: 'Never.',
  returns: {
    msg: '`success_msg`, or `fail_msg` with the failed condition',
    assertion: 'the condition that was false',
    evaluated_to: 'what it evaluated to',
  },
  examples: [
    {
      title: 'Stop before rotating when the backup did not happen',
      yaml: '- name: A backup exists\n  assert:\n    that:\n      - tls_backup.archive is defined\n      - tls_backup.files > 0\n    fail_msg: no backup of server/tls was taken; refusing to rotate\n',
    },
  ],
  run: async (args, ctx) => {
    // As Ansible's assert action: the result is always shown (like debug's) unless `quiet`.
    const shown = args.quiet === true ? {} : { _ansible_verbose_always: true };
    const conditions = Array.isArray(args.that) ? (args.that as string[]) : [String(args.that)];
    for (const condition of conditions) {
      if (!ctx.evaluate(condition)) {
        const msg = (args.fail_msg ?? args.msg ?? 'Assertion failed') as string;
        return { changed: false, failed: true, msg, data: { assertion: condition, evaluated_to: false, ...shown } };
      }
    }
    return { changed: false, msg: (args.success_msg ?? 'All assertions passed') as string, data: shown };
  },
};
