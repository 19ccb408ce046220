/**
 * Runs one step on one `Host` the way the runner does, without a runner: the arguments must pass
 * the step's schema first (a test with invalid arguments is a broken test, not a step failure).
 * Used with the real sshd (test/steps-run) and with a `LocalHost` in the fast tier (test/steps-local).
 */
import type { Host } from '../../src/connection/host.js';
import type { StepDefinition } from '../../src/steps/step.js';
import type { StepResult } from '../../src/steps/step-run.js';
import { validateStepArgs } from '../../src/validate/validate-step-args.js';
import { stepContext, type TestContextOptions } from './step-context.js';

/** The step's result on `host`; throws when `args` do not pass the step's schema. */
export async function runStep(
  step: StepDefinition,
  host: Host,
  args: Record<string, unknown>,
  options: TestContextOptions = {},
): Promise<StepResult> {
  const issues = validateStepArgs(step, args, { allowTemplates: false });
  if (issues.length) throw new Error(`invalid arguments for ${step.name}: ${issues.map((i) => i.message).join('; ')}`);
  if (!step.run) throw new Error(`${step.name} has no run`);
  return step.run(args, stepContext(host, options));
}
