/**
 * Where a host lock lives: the few atomic operations the lock algorithm (`host-lock-run.ts`)
 * needs from a host. Each is one round trip, so an interrupt or a lost connection can stop the
 * algorithm between two of them but never inside one (a lock directory without its owner file
 * is left only by a command killed half-way). `shell-lock-site.ts` does them on a real host;
 * tests use an in-memory site.
 */
import type { LockView } from './lock-judge.js';

/** What `take` found: the lock taken, or the view of the lock someone else holds. */
export type TakeOutcome = { taken: true } | { taken: false; view: LockView };

/**
 * How a takeover of a stale lock went: `taken` (this run holds it now), `busy` (another run is
 * taking it over), `changed` (it is no longer the lock that was judged stale: released, or taken
 * anew), `lost` (freed, but another run took it first).
 */
export type TakeoverOutcome = 'taken' | 'busy' | 'changed' | 'lost';

/** The lock operations of one lock directory on one host. */
export interface LockSite {
  /** The lock directory. */
  readonly path: string;
  /**
   * Takes the lock when it is free: creates the directory (atomic) and writes the owner file
   * naming `token`, the user and the sshd session serving this connection. When it is held,
   * shows it (waiting briefly for an owner file that is being written).
   */
  take(token: string): Promise<TakeOutcome>;
  /** Shows the lock as it is now. */
  inspect(): Promise<LockView>;
  /**
   * Takes over the lock judged stale from `judged`, one run at a time (under `<path>.takeover`,
   * itself given up after a minute, as a takeover killed half-way leaves it), and only while its
   * owner file is still what was judged.
   */
  takeOver(token: string, judged: LockView): Promise<TakeoverOutcome>;
  /** Removes the lock when its owner file names `token`; true when it did. */
  release(token: string): Promise<boolean>;
}
