/**
 * `--steps-path DIR` (repeatable): where else the team's own steps are found, after `steps/`
 * beside the playbook and before `CERTBOOK_STEPS_PATH` (src/steps/custom/load-custom-steps.ts).
 * Offered by the commands that check tasks: run, validate and steps.
 */
import type { OptionSpec } from './option-spec.js';

/** The option, in `group` of the command that offers it. */
export function stepsPathOption(group: string): OptionSpec & { key: 'stepsPath'; kind: 'list' } {
  return {
    key: 'stepsPath',
    long: 'steps-path',
    kind: 'list',
    metavar: 'DIR',
    group,
    help: "also load the team's own steps from DIR (repeatable; after steps/ beside the playbook, before CERTBOOK_STEPS_PATH)",
  };
}
