/**
 * Loads and registers the team's own steps before a command checks tasks (run, validate,
 * steps): `steps/` beside each given directory (the playbook's), every `--steps-path`, then
 * `CERTBOOK_STEPS_PATH`. A broken step file throws LoadFailed (exit 4) naming it.
 */
import { resolve } from 'node:path';
import { ProblemList } from '../errors/problem.js';
import { customStepDirs, loadCustomSteps } from '../steps/custom/load-custom-steps.js';
import { registerCustomSteps } from '../steps/registry.js';
import type { CliIo } from './io.js';

/** Registers every step found for `besideDirs` (absolute) and `stepsPath` (as typed, from io.cwd). */
export async function loadTeamSteps(besideDirs: readonly string[], stepsPath: readonly string[], io: CliIo): Promise<void> {
  const extra = stepsPath.map((d) => resolve(io.cwd, d));
  const dirs = [...new Set(besideDirs.flatMap((dir) => customStepDirs(dir, extra, io.env.CERTBOOK_STEPS_PATH)))];
  const problems = new ProblemList();
  registerCustomSteps(await loadCustomSteps(dirs, problems));
  problems.throwIfAny();
}
