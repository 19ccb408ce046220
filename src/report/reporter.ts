/**
 * What the command line holds on to for a run's output: the listener it gives the runner and a
 * way to wait until everything has been drawn or written before it exits.
 */
import type { RunListener } from '../events/run-events.js';

/** A run's output, whatever its form. */
export interface Reporter {
  listener: RunListener;
  /** Resolves once everything heard so far is on screen or on disk. */
  close(): Promise<void>;
}
