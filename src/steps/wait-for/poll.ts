/**
 * Polling until a condition holds: an initial delay, one check every `sleep` seconds, a deadline.
 * Every wait is abortable (`ctx.signal`: an interrupted run or the task's own timeout), so a
 * `wait_for` never outlives its task.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** What one check found. */
export interface CheckOutcome {
  /** The condition holds. */
  done: boolean;
  /** The condition can never hold (a file too large to search): stop and fail. */
  fatal?: string;
  /** Why it does not hold yet, for the timeout message. */
  note?: string;
  /** Registered values when done (`status`, `match_groups`, …). */
  data?: Record<string, unknown>;
}

/** A check, given how long it may take at most. */
export type Check = (budgetMs: number) => Promise<CheckOutcome>;

/** How to poll. */
export interface PollOptions {
  delayMs: number;
  intervalMs: number;
  timeoutMs: number;
  signal: AbortSignal;
}

/** The last outcome and how long the whole wait took. */
export interface PollResult {
  outcome: CheckOutcome;
  elapsedMs: number;
}

/** Checks until done, fatal, or out of time; the last check is bounded by the deadline. */
export async function pollUntil(check: Check, o: PollOptions): Promise<PollResult> {
  const start = performance.now();
  const elapsed = (): number => performance.now() - start;
  if (o.delayMs > 0) await sleep(Math.min(o.delayMs, o.timeoutMs), undefined, { signal: o.signal });
  let outcome: CheckOutcome = { done: false, note: 'not checked' };
  for (;;) {
    const left = o.timeoutMs - elapsed();
    if (left <= 0) break;
    outcome = await check(left);
    if (outcome.done || outcome.fatal) break;
    // As in Ansible: no check squeezed into the last moments, whose only possible note
    // would be "no answer in 0 s" instead of the real reason.
    if (elapsed() + o.intervalMs >= o.timeoutMs) break;
    await sleep(o.intervalMs, undefined, { signal: o.signal });
  }
  return { outcome, elapsedMs: elapsed() };
}

/** Rejects after `ms` with a timeout error unless `work` settles first; `late` cleans up after it. */
export function within<T>(work: Promise<T>, ms: number, what: string, late?: (value: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let expired = false;
    const timer = setTimeout(() => { expired = true; reject(new Error(`${what}: no answer within ${Math.round(ms / 100) / 10} s`)); }, ms);
    work.then(
      (value) => { clearTimeout(timer); if (expired) late?.(value); else resolve(value); },
      (error: unknown) => { clearTimeout(timer); if (!expired) reject(error instanceof Error ? error : new Error(String(error))); },
    );
  });
}
