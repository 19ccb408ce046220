/** `debug`: print a message or a variable. */

import { numberValue } from '../python/py-number.js';
import { UndefinedVariableError } from '../template/errors.js';
import { args, int, str } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

/** Prints a message or a variable's value, at a given verbosity. */
export const debugStep: StepDefinition = {
  name: 'debug',
  summary: 'Print a message or the value of a variable',
  description:
    'Prints `msg` (any value: text, a list, a mapping) or the value of the variable or expression named in `var`. ' +
    'With `verbosity`, it prints only when certbook runs with at least that many `-v`.',
  schema: args({
    msg: { description: 'What to print: text (templates allowed) or any value.', default: 'Hello world!' },
    var: str('The variable (or expression, without `{{ }}`) whose value to print, e.g. `k3s_tls.soonest`.'),
    verbosity: int('Print only at this verbosity (`-v` count) or higher.', { default: 0 }),
  }),
  conflicts: [['msg', 'var']],
  controllerOnly: true,
  pythonValues: true,
  checkMode: 'Runs as usual.',
  changed: 'Never.',
  returns: { msg: 'the message printed (with `msg`)', '<var>': 'the value printed, under the name given in `var`' },
  examples: [
    {
      title: 'Say when the first certificate expires',
      yaml: '- debug:\n    msg: "{{ k3s_tls.soonest.path }} expires in {{ k3s_tls.soonest.days_left }} days"\n',
    },
    {
      title: 'Show a registered result with -vv',
      yaml: '- debug:\n    var: served.certificate\n    verbosity: 2\n',
    },
  ],
  run: async (args, ctx) => {
    const verbosity = numberValue(args.verbosity);
    if (verbosity !== undefined && ctx.verbosity < verbosity) {
      return { changed: false, skipped: true, msg: `verbosity threshold ${verbosity} not met` };
    }
    if (typeof args.var === 'string') return { changed: false, data: { [args.var]: shownValue(args.var, ctx.lookup) } };
    return { changed: false, msg: (args.msg ?? 'Hello world!') as string };
  },
};

/** Ansible prints an undefined variable as this text (and the task is ok): debugging a missing variable must not fail. */
export const NOT_DEFINED = 'VARIABLE IS NOT DEFINED!';

function shownValue(name: string, lookup: (name: string) => unknown): unknown {
  try {
    return lookup(name);
  } catch (error) {
    if (error instanceof UndefinedVariableError) return NOT_DEFINED;
    throw error;
  }
}
