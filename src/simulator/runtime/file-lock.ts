/**
 * A tiny cross-process lock for the datastore file: `mkdir` is atomic on every filesystem we
 * run on, so the process that creates `<file>.lock/` holds the lock. Synchronous on purpose:
 * `ServingSecretStore` is a synchronous interface and every critical section is a read and a
 * rename, so holding times are microseconds. A lock older than `staleMs` belongs to a process
 * that died inside its critical section and is broken.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Runs `fn` while holding the lock `<path>.lock`; throws after `timeoutMs` of waiting. */
export function withFileLock<T>(path: string, fn: () => T, timeoutMs = 10_000, staleMs = 5_000): T {
  const lock = `${path}.lock`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      breakIfStale(lock, staleMs);
      if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${lock}`);
      Atomics.wait(pause, 0, 0, 2); // a synchronous 2 ms sleep: no event loop turn needed
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function breakIfStale(lock: string, staleMs: number): void {
  try {
    if (Date.now() - statSync(lock).mtimeMs > staleMs) rmSync(lock, { recursive: true, force: true });
  } catch {
    // Released between our mkdir and stat: just retry.
  }
}
