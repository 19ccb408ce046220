/**
 * What a `no_log` task's kept `msg` must not show. The run's secrets alone are not enough: the
 * values a hidden task was given (its rendered arguments) and what it printed are what `no_log`
 * hides, and a step's message may quote them (`fail: msg: "bad {{ token }}"`). They are masked
 * in that message only, not added to the run's secrets, so other tasks' output stays readable.
 */
import { type Secrets, textLeaves } from '../events/redact.js';
import type { StepTask } from '../playbook/model.js';
import { plainData } from '../template/mark-unsafe.js';
import { renderValue } from '../template/render.js';
import type { Scope } from '../template/scope.js';

/** The run's secrets, what the task's templates rendered to, and every text of its result but `msg`. */
export function noLogSecrets(runSecrets: Secrets, task: StepTask, scope: Scope, result: Record<string, unknown>): string[] {
  const found = [...runSecrets];
  for (const raw of textLeaves(task.args)) {
    // Each `{{ … }}` alone, so the message keeps its own words: "refused ********".
    const pieces = raw.includes('{%') ? [raw] : (raw.match(/\{\{[\s\S]*?\}\}/g) ?? []);
    for (const piece of pieces) {
      try {
        found.push(...textLeaves(plainData(renderValue(piece, scope))));
      } catch {
        // What does not render was never given to the step: nothing of it to hide.
      }
    }
  }
  const { msg: _msg, ...output } = result;
  found.push(...textLeaves(output));
  return found;
}
