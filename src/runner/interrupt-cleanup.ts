/**
 * What an interrupted run does before it exits: the `always:` sections of the blocks its hosts
 * are inside, as Python's `finally` runs on KeyboardInterrupt (ansible-core does not: Ctrl-C
 * ends ansible-playbook without them).
 *
 * After the first interrupt nothing new starts, except inside an `always:` section: a task list
 * there runs to its end. The call stack of the task-list runner is the stack of blocks in
 * progress, so as it unwinds every block with an `always:` runs it for the hosts inside it,
 * innermost first. The commands in flight at the interrupt get the grace period as before; the
 * cleanup starts when they are done, with its own deadline (`timeoutMs`) and its own kill
 * signal, and a further interrupt (`skipSignal`) stops it. A `rescue:` section does not run
 * after an interrupt (it is no `always:`): an interrupt is not a failure of the hosts.
 *
 * Tasks see `certbook_interrupted` (play-run.ts). What each host still holds is read from the
 * `certbook_holds` fact (a list of names that playbooks keep: a lock, a drained node): the
 * summary says what the cleanup released and names what is still held.
 */
import { setMaxListeners } from 'node:events';
import type { CleanupHost, CleanupSummary, RunEvent } from '../events/run-events.js';
import type { BlockTask } from '../playbook/model.js';
import { plainData } from '../template/mark-unsafe.js';
import type { HostState } from './host-state.js';

/** How long the cleanup may take when nobody says (`CERTBOOK_CLEANUP_TIMEOUT`). */
export const DEFAULT_CLEANUP_TIMEOUT_MS = 60_000;

/** The variable a playbook keeps what a host holds in (a list of names, shown as they are). */
export const HOLDS_FACT = 'certbook_holds';

/** What the cleanup needs of the run (a slice of RunContext, so this file stands alone). */
export interface CleanupRun {
  readonly interrupted: boolean;
  readonly hosts: ReadonlyMap<string, HostState>;
  emit(event: RunEvent): void;
}

/** The settings of the cleanup, from the run's options. */
export interface CleanupOptions {
  /** Aborted on the first interrupt. */
  stopSignal?: AbortSignal;
  /** Aborted when the commands in flight at the interrupt must be stopped (grace over, second interrupt). */
  killSignal?: AbortSignal;
  /** Aborted when the operator interrupts again to skip the cleanup. */
  skipSignal?: AbortSignal;
  timeoutMs?: number;
  /** Told when the cleanup starts (the CLI then lets the next interrupt skip it). */
  onStart?: () => void;
}

/** The interrupt cleanup of one run. */
export class InterruptCleanup {
  private startedAt: number | undefined;
  private ended: CleanupSummary['ended'] | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly deadline = new AbortController();
  private readonly timeoutMs: number;
  /** Per host: how deep in cleanup `always:` sections it is now, and what happened to it. */
  private readonly inside = new Map<string, number>();
  private readonly hostsSeen = new Map<string, CleanupHost>();
  /** Per host: every name its `certbook_holds` had from the start of the cleanup on. */
  private readonly holdsSeen = new Map<string, Set<string>>();

  constructor(
    private readonly run: CleanupRun,
    private readonly options: CleanupOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CLEANUP_TIMEOUT_MS;
    // Every step running at once listens to these (one per host in flight, up to --forks): not a
    // leak, so no MaxListenersExceededWarning on stderr past 10 hosts.
    for (const signal of [options.killSignal, this.deadline.signal]) if (signal) setMaxListeners(0, signal);
    options.skipSignal?.addEventListener('abort', () => this.end('skipped'), { once: true });
  }

  /**
   * Whether a task list may start its next task: always before an interrupt; after one only
   * inside an `always:` section, until the cleanup is over. The first such task starts the cleanup.
   */
  mayStart(inAlways: boolean): boolean {
    if (!this.run.interrupted) return true;
    if (!inAlways || this.over()) return false;
    this.start();
    return true;
  }

  /** The signal that stops a step's commands now: the cleanup's own once it has started. */
  get killSignal(): AbortSignal | undefined {
    return this.startedAt !== undefined ? this.deadline.signal : this.options.killSignal;
  }

  /**
   * Whether the task in progress on `host` may start its next `until` retry or loop item: the
   * rule for a new task ({@link mayStart}), inside an `always:` section when the host is in one.
   * So an interrupt stops the retries and items of ordinary work at once, while those of a
   * cleanup task go on until the cleanup's own deadline.
   */
  mayGoOn(host: string): boolean {
    return this.mayStart(this.inAlways(host));
  }

  /** Aborted when the wait in progress on `host` (the `delay` before a retry) must end: see {@link mayGoOn}. */
  haltSignal(host: string): AbortSignal | undefined {
    return this.inAlways(host) ? this.deadline.signal : this.options.stopSignal;
  }

  private inAlways(host: string): boolean {
    return (this.inside.get(host) ?? 0) > 0;
  }

  /**
   * Runs a block's `always:` section (`run`) for `hosts`, out of `inBlock` (every host that
   * entered the block). Outside an interrupt this only runs it; after one it records who took
   * part and who could not, for the summary.
   */
  async always(block: BlockTask, inBlock: readonly HostState[], hosts: readonly string[], run: () => Promise<void>): Promise<void> {
    if (this.run.interrupted) {
      // The others ended (meta: end_host) or became unreachable; only the latter needed a cleanup.
      for (const state of inBlock) if (state.unreachable && !hosts.includes(state.name)) this.note(state.name).status = 'unreachable';
      if (this.over()) {
        for (const h of hosts)
          this.markIncomplete(h, `the always: section of "${block.name ?? 'block'}" did not run (cleanup ${this.ended})`);
        return;
      }
      for (const h of hosts) this.took(h);
    }
    // Tracked outside an interrupt too: one may come while the section runs.
    for (const h of hosts) this.inside.set(h, (this.inside.get(h) ?? 0) + 1);
    try {
      await run();
    } finally {
      for (const h of hosts) this.inside.set(h, (this.inside.get(h) ?? 1) - 1);
    }
  }

  /** Sees every event of the run; counts the results of cleanup tasks. */
  observe(event: RunEvent): void {
    // Results that come after the end count too: the commands the deadline stopped.
    if (this.startedAt === undefined || event.kind !== 'host_result') return;
    const host = this.took(event.host);
    host.tasks++;
    // A hold taken during the cleanup (a lock taken as the interrupt came) and given back counts as released.
    this.sawHolds(event.host);
    if (event.status === 'failed' || event.status === 'unreachable') {
      const msg = typeof event.result.msg === 'string' ? event.result.msg.split('\n')[0] : '';
      host.problems.push(`${event.task.name}: ${event.status}${event.ignored ? ' (ignored)' : ''}${msg ? `: ${msg}` : ''}`);
      if (host.status !== 'unreachable') host.status = event.status === 'unreachable' && !event.ignored ? 'unreachable' : 'incomplete';
    }
  }

  /** Ends the cleanup (if it ran) and says what it did; undefined when the run was not interrupted. */
  finish(): CleanupSummary | undefined {
    clearTimeout(this.timer);
    if (!this.run.interrupted) return undefined;
    this.ended ??= this.timeoutMs > 0 ? 'done' : 'disabled';
    for (const [name, state] of this.run.hosts) {
      const before = [...(this.holdsSeen.get(name) ?? holdsOf(state))];
      const held = holdsOf(state);
      if (!before.length && !held.length && !this.hostsSeen.has(name)) continue;
      const host = this.note(name);
      host.released = before.filter((h) => !held.includes(h));
      host.held = held;
    }
    const hosts = Object.fromEntries([...this.hostsSeen].sort(([a], [b]) => a.localeCompare(b)));
    return {
      ended: this.ended,
      timeoutMs: this.timeoutMs,
      durationMs: this.startedAt === undefined ? 0 : Date.now() - this.startedAt,
      hosts,
    };
  }

  private start(): void {
    if (this.startedAt !== undefined) return;
    this.startedAt = Date.now();
    for (const name of this.run.hosts.keys()) this.sawHolds(name);
    this.timer = setTimeout(() => this.end('deadline'), this.timeoutMs);
    this.options.onStart?.();
    this.run.emit({
      kind: 'warning',
      message: `interrupted: running the always: sections of the blocks in progress as cleanup (up to ${Math.round(this.timeoutMs / 1000)} s; interrupt again to skip it)`,
    });
  }

  private over(): boolean {
    if (this.ended === undefined && this.timeoutMs <= 0) this.ended = 'disabled';
    return this.ended !== undefined;
  }

  private end(why: 'deadline' | 'skipped'): void {
    if (this.ended !== undefined) return;
    this.ended = why;
    clearTimeout(this.timer);
    this.deadline.abort(new Error(why === 'deadline' ? 'cleanup deadline' : 'cleanup skipped'));
    if (this.startedAt !== undefined) {
      const what = why === 'deadline' ? `the cleanup took longer than ${Math.round(this.timeoutMs / 1000)} s` : 'the cleanup was skipped';
      this.run.emit({ kind: 'warning', message: `${what}: stopping it; what it did not release is named at the end` });
    }
    for (const [h, depth] of this.inside) if (depth > 0) this.markIncomplete(h, `the cleanup was stopped (${why})`);
  }

  private sawHolds(name: string): void {
    const state = this.run.hosts.get(name);
    if (!state) return;
    const seen = this.holdsSeen.get(name) ?? new Set<string>();
    for (const h of holdsOf(state)) seen.add(h);
    this.holdsSeen.set(name, seen);
  }

  private note(name: string): CleanupHost {
    let host = this.hostsSeen.get(name);
    if (!host) {
      host = { status: 'none', tasks: 0, problems: [], released: [], held: [] };
      this.hostsSeen.set(name, host);
    }
    return host;
  }

  /** A host takes part in the cleanup. */
  private took(name: string): CleanupHost {
    const host = this.note(name);
    if (host.status === 'none') host.status = 'cleaned';
    return host;
  }

  private markIncomplete(name: string, why: string): void {
    const host = this.note(name);
    if (!host.problems.includes(why)) host.problems.push(why);
    if (host.status !== 'unreachable') host.status = 'incomplete';
  }
}

/** The host's `certbook_holds`, as a list of names (anything else is shown as one name). */
function holdsOf(state: HostState): string[] {
  const value = state.setFacts[HOLDS_FACT];
  if (value === undefined || value === null || value === '') return [];
  const plain = plainData(value);
  return (Array.isArray(plain) ? plain : [plain]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).filter((v) => v !== '');
}
