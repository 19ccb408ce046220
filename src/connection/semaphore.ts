/**
 * A counting semaphore (FIFO). Caps concurrent SSH channels on one connection: sshd's
 * `MaxSessions` (10 by default) is not advertised, and it frees slots asynchronously after a
 * channel closes, so a cap of half of it plus a retry is what held in measurements.
 */

/** Limits how many holders run at once; waiters are served in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`semaphore limit must be a positive integer, got ${limit}`);
  }

  /** Waits for a slot; the returned function releases it (calling it twice is harmless). */
  async acquire(): Promise<() => void> {
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((resolve) => this.waiters.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next)
        next(); // hand the slot over without decrementing
      else this.active--;
    };
  }

  /** Slots in use now. */
  get inUse(): number {
    return this.active;
  }
}
