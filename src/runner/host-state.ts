/**
 * What the runner remembers about one host across tasks and plays: its facts, registered
 * results and `set_fact` variables, whether it has failed or become unreachable, and the
 * handlers it has notified.
 */

/** One host's run state. Registered results and facts are host data: never templated again. */
export class HostState {
  /** `gather_facts` results (an unsafe layer: they came from the host). */
  facts: Record<string, unknown> = {};
  /** `register:` results (unsafe). */
  registered: Record<string, unknown> = {};
  /** `include_vars` results: read from controller files, rendered when referenced, as vars files are. */
  includedVars: Record<string, unknown> = {};
  /** `set_fact` results (already rendered; host data inside them stays marked). */
  setFacts: Record<string, unknown> = {};
  /** Failed a task that was not ignored: it takes no further part in the play. */
  failed = false;
  unreachable = false;
  /** `meta: end_host` was run. */
  ended = false;
  /** The last failure, for `ansible_failed_task`/`ansible_failed_result` in a `rescue`. */
  lastFailure?: { task: Record<string, unknown>; result: Record<string, unknown> };
  /** Handlers (names or listen topics) notified since the last flush. */
  readonly notified = new Set<string>();

  constructor(readonly name: string) {}

  /** Whether the host still takes part in the current play. */
  get active(): boolean {
    return !this.failed && !this.unreachable && !this.ended;
  }
}
