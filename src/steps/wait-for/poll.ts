/**
 * Polling until a condition holds: an initial delay, one check every `sleep` seconds, a deadline.
 * Every wait is abortable (`ctx.signal`: an interrupted run or the task's own timeout), so a
 * `wait_for` never outlives its task, and an interrupt (`ctx.halt`) ends the polling at once.
 */
import { wait } from '../interruptible-wait.js';

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
  /** Stops the polling (no further check) when aborted: an interrupted run. */
  halt?: AbortSignal;
}

/** The last outcome and how long the whole wait took. */
export interface PollResult {
  outcome: CheckOutcome;
  elapsedMs: number;
  /** The run was interrupted: the polling stopped before the condition held or time ran out. */
  halted?: boolean;
}

/**
 * The least time a check is given, even at the deadline: a check with no time at all could only
 * say "no answer in 0 s" instead of the real reason (a refused port, a missing file).
 */
export const MIN_CHECK_BUDGET_MS = 1000;

/**
 * Checks until done, fatal, or out of time. Checks come every `intervalMs`, and the last one at
 * the deadline itself (the sleep before it is cut to what is left), so a wait never gives up
 * before its timeout: with timeout 9 and sleep 5 the checks are at 0, 5 and 9 s. A check is given
 * what is left of the timeout, but at least {@link MIN_CHECK_BUDGET_MS}, so the one at the
 * deadline may end a moment after it. At least one check is made, even when `delayMs` used up
 * the timeout.
 */
export async function pollUntil(check: Check, o: PollOptions): Promise<PollResult> {
  const start = performance.now();
  const elapsed = (): number => performance.now() - start;
  let outcome: CheckOutcome = { done: false, note: 'not checked' };
  if (o.delayMs > 0) await wait(Math.min(o.delayMs, o.timeoutMs), o);
  while (!o.halt?.aborted) {
    outcome = await check(Math.max(o.timeoutMs - elapsed(), MIN_CHECK_BUDGET_MS));
    const left = o.timeoutMs - elapsed();
    if (outcome.done || outcome.fatal || left <= 0) return { outcome, elapsedMs: elapsed() };
    await wait(Math.min(o.intervalMs, left), o);
  }
  return { outcome, elapsedMs: elapsed(), halted: true };
}

/** Rejects after `ms` with a timeout error unless `work` settles first; `late` cleans up after it. */
export function within<T>(work: Promise<T>, ms: number, what: string, late?: (value: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      reject(new Error(`${what}: no answer within ${Math.round(ms / 100) / 10} s`));
    }, ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        if (expired) late?.(value);
        else resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!expired) reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
