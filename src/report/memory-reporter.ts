/**
 * A reporter that keeps every event, for tests: run something, then assert on what was said.
 */
import type { RunEvent, RunListener } from '../events/run-events.js';

/** The collected events and ways to look at them. */
export interface MemoryReporter {
  listener: RunListener;
  /** Every event so far, in order (copies: later mutation by the emitter cannot change them). */
  readonly events: readonly RunEvent[];
  /** The events of one kind, typed. */
  ofKind<K extends RunEvent['kind']>(kind: K): Array<Extract<RunEvent, { kind: K }>>;
  /** Forgets everything collected. */
  clear(): void;
}

/** Creates an empty {@link MemoryReporter}. */
export function createMemoryReporter(): MemoryReporter {
  const events: RunEvent[] = [];
  return {
    listener: (event) => {
      events.push(structuredClone(event));
    },
    events,
    ofKind: <K extends RunEvent['kind']>(kind: K) => events.filter((e): e is Extract<RunEvent, { kind: K }> => e.kind === kind),
    clear: () => {
      events.length = 0;
    },
  };
}
