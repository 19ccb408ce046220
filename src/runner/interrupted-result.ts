/**
 * What a task reports when an interrupt stops it between two attempts (`until`) or two loop
 * items: failed, saying how far it got, with what it did so far. Nothing more is sent to the host.
 */
import type { StepResult } from '../steps/step-run.js';
import type { Execution } from './task-executor.js';

/** An `until` loop stopped after `attempts` attempts; `last` is the last attempt's result. */
export function interruptedRetries(last: StepResult, attempts: number): StepResult {
  return { ...last, failed: true, msg: `interrupted after ${attempts} attempt(s)${last.msg ? `: ${last.msg}` : ''}`, data: { ...last.data, attempts } };
}

/** A loop stopped after `done` of its `total` items (their results are kept, as Ansible's `results`). */
export function interruptedLoop(done: Execution[], total: number): Execution {
  const changed = done.some((i) => i.status === 'changed' || i.result.changed === true);
  const msg = `interrupted after ${done.length} of ${total} item(s)`;
  return { status: 'failed', result: { changed, failed: true, results: done.map((i) => i.result), msg } };
}
