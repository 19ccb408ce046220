/** A wait that an interrupt ends early: the `delay` between `until` retries and `loop_control.pause`. */

/** Waits `ms`, or less when `signal` is aborted meanwhile (at once when it already is). */
export function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
