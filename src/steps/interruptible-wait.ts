/**
 * A step's wait (`pause`, `wait_for`'s delay and sleeps) that an interrupt ends: `halt` (the
 * first interrupt, for ordinary work) ends it early and quietly, `signal` (the task's timeout,
 * the end of the grace period) rejects it, as any abort of the step's work does.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Waits `ms`; resolves early when `halt` is aborted, rejects when `signal` is. */
export async function wait(ms: number, o: { signal: AbortSignal; halt?: AbortSignal | undefined }): Promise<void> {
  if (o.halt?.aborted) return;
  const halted = new AbortController();
  const onHalt = (): void => halted.abort();
  // Removed when done: `halt` lives as long as the run, and one wait must not leave a listener on it.
  o.halt?.addEventListener('abort', onHalt, { once: true });
  try {
    await sleep(ms, undefined, { signal: AbortSignal.any([o.signal, halted.signal]) });
  } catch (error) {
    if (o.signal.aborted || !halted.signal.aborted) throw error;
  } finally {
    o.halt?.removeEventListener('abort', onHalt);
  }
}
