/**
 * What a task reports when an interrupt stops it between two attempts (`until`) or two loop
 * items: failed, saying how far it got, with what it did so far. Nothing more is sent to the host.
 */
import type { Execution } from './task-executor.js';

/** An `until` loop stopped after `attempts` attempts; `last` is the last attempt's execution, `registered` its registered result. */
export function interruptedRetries(last: Execution, registered: Record<string, unknown>, attempts: number): Execution {
  const msg = `interrupted after ${attempts} attempt(s)${last.result.msg ? `: ${String(last.result.msg)}` : ''}`;
  return { ...last, status: 'failed', result: { ...registered, failed: true, msg, attempts } };
}

/** A loop stopped after `done` of its `total` items (their results are kept, as Ansible's `results`). */
export function interruptedLoop(done: Execution[], total: number): Execution {
  const changed = done.some((i) => i.status === 'changed' || i.result.changed === true);
  const msg = `interrupted after ${done.length} of ${total} item(s)`;
  return { status: 'failed', result: { changed, failed: true, results: done.map((i) => i.result), msg } };
}
