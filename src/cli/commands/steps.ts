/** `certbook steps [NAME]`: the step list, or one step's reference. */
import { didYouMean } from '../../errors/suggest.js';
import { renderStepList, renderStepReference } from '../../steps/docs.js';
import { customSteps, findStep, STEPS } from '../../steps/registry.js';
import { badOption } from '../args/cli-problem.js';
import type { SimpleOptions } from '../args/simple-commands.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { printOptionProblems } from '../print-problems.js';
import { loadTeamSteps } from '../team-steps.js';

/**
 * Prints the list or the reference, the team's own steps included (steps/ in the current
 * directory, --steps-path, CERTBOOK_STEPS_PATH); an unknown step name exits 5 with a did-you-mean.
 */
export async function stepsCommand(options: SimpleOptions, io: CliIo): Promise<number> {
  await loadTeamSteps([io.cwd], options.stepsPath ?? [], io);
  if (options.name === undefined) {
    io.stdout.write(renderStepList());
    return EXIT.OK;
  }
  if (!findStep(options.name)) {
    const hint = didYouMean(options.name, [...STEPS.keys(), ...customSteps().map((s) => s.name)]) ?? 'run `certbook steps` for the list';
    printOptionProblems(io.stderr, [badOption(options.name, `there is no step named \`${options.name}\``, hint)], 'steps');
    return EXIT.BAD_OPTIONS;
  }
  io.stdout.write(renderStepReference(options.name));
  return EXIT.OK;
}
