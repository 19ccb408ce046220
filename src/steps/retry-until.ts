/**
 * Trying an action until it succeeds or time runs out, as ansible-core's `reboot` and
 * `wait_for_connection` action plugins do (`do_until_success_or_timeout`): an attempt starts
 * only before the deadline, any error is a failed attempt, a pause follows each failure.
 */
import { wait } from './interruptible-wait.js';

/** How to retry. */
export interface RetryOptions {
  timeoutMs: number;
  /** The pause after the `failures`-th failure (1 for the first), in milliseconds. */
  pauseMs(failures: number): number;
  /** The task's abort (its timeout, the end of an interrupt's grace period): rejects. */
  signal: AbortSignal;
  /** An interrupt: no further attempt. */
  halt?: AbortSignal | undefined;
}

/** Success, or the last attempt's error (`halted` when an interrupt stopped the attempts). */
export type RetryOutcome = { ok: true } | { ok: false; error: string; halted: boolean };

/** Runs `attempt` until it resolves, the time is up, or the run is interrupted. */
export async function retryUntil(attempt: () => Promise<void>, o: RetryOptions): Promise<RetryOutcome> {
  const end = performance.now() + o.timeoutMs;
  let error = 'no attempt was made';
  for (let failures = 1; performance.now() < end; failures++) {
    if (o.halt?.aborted) return { ok: false, error, halted: true };
    try {
      await attempt();
      return { ok: true };
    } catch (caught) {
      o.signal.throwIfAborted();
      error = caught instanceof Error ? caught.message : String(caught);
    }
    await wait(o.pauseMs(failures), o);
  }
  return { ok: false, error, halted: o.halt?.aborted === true };
}

/** Whole seconds since `startMs` (a `performance.now()`), as Python's `timedelta.seconds`. */
export function elapsedSeconds(startMs: number): number {
  return Math.floor((performance.now() - startMs) / 1000);
}
