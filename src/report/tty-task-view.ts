/**
 * One task on the terminal, as a listr2 list fed by run events. listr2 never drives anything:
 * each host's listr subtask only awaits a promise that the host's `host_result` event resolves.
 *
 * Small fleets get a line per host. Past {@link TaskViewOptions.maxHostLines} hosts the task is
 * one line of live counters (`ok=12 changed=3 failed=0 …`): listr2's default renderer redraws
 * every line on every change, which is quadratic in the number of lines.
 */
import { Listr, type ListrTask } from 'listr2';
import type { HostStatus, RunEvent } from '../events/run-events.js';
import type { ListrSetup } from './tty-listr-setup.js';

/** What a host line needs to know about how the host ended the task. */
export interface HostOutcome {
  status: HostStatus | 'none';
  ignored: boolean;
  /** The finished line, already safe to print (`h1: changed`, `h2: FAILED: …`). */
  line: string;
}

/** How a task view draws. */
export interface TaskViewOptions {
  listr: ListrSetup;
  /** Above this many hosts, one line of counters instead of a line per host. */
  maxHostLines: number;
}

type Deferred = { promise: Promise<HostOutcome>; resolve: (o: HostOutcome) => void; outcome?: HostOutcome };

function deferred(): Deferred {
  let resolve!: (o: HostOutcome) => void;
  const promise = new Promise<HostOutcome>((r) => (resolve = r));
  return { promise, resolve };
}

const COUNTED = ['ok', 'changed', 'failed', 'skipped', 'unreachable'] as const;

/** The live state of one task and the listr list that shows it. */
export class TaskView {
  readonly compact: boolean;
  private readonly hosts = new Map<string, Deferred>();
  private readonly counts: Record<(typeof COUNTED)[number] | 'ignored', number> = {
    ok: 0,
    changed: 0,
    failed: 0,
    skipped: 0,
    unreachable: 0,
    ignored: 0,
  };
  private readonly progress = new Map<string, (text: string) => void>();
  private readonly failed: HostOutcome[] = [];
  private setTitle: ((title: string) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private done = 0;
  private allDone = deferred();

  constructor(
    readonly event: Extract<RunEvent, { kind: 'task_start' }>,
    readonly title: string,
    private readonly options: TaskViewOptions,
  ) {
    for (const host of event.hosts) this.hosts.set(host, deferred());
    this.compact = event.hosts.length === 0 || event.hosts.length > options.maxHostLines;
    if (event.hosts.length === 0) this.allDone.resolve({ status: 'none', ignored: false, line: '' });
  }

  /** Records a host's outcome (a host not announced at the start only counts). */
  settle(host: string, outcome: HostOutcome): void {
    if (outcome.status !== 'none') this.counts[outcome.status]++;
    if (outcome.ignored) this.counts.ignored++;
    if (isFailure(outcome)) this.failed.push(outcome);
    const slot = this.hosts.get(host);
    if (slot && !slot.outcome) {
      slot.outcome = outcome;
      slot.resolve(outcome);
      if (++this.done === this.hosts.size) this.allDone.resolve(outcome);
    }
    this.refresh();
  }

  /** A loop item finished on `host`: shown on its line while the loop goes on. */
  itemProgress(host: string, text: string): void {
    this.progress.get(host)?.(text);
  }

  /** Ends the task: hosts that never reported are shown as such. */
  finish(): void {
    for (const [host, slot] of this.hosts)
      if (!slot.outcome) this.settle(host, { status: 'none', ignored: false, line: `${host}: no result` });
    this.allDone.resolve({ status: 'none', ignored: false, line: '' });
  }

  /** The hosts whose failure was not ignored, with their lines. */
  failures(): readonly HostOutcome[] {
    return this.failed;
  }

  /** The counters line: `TASK [x]  ok=12 changed=3 failed=0 skipped=0 unreachable=0 (15/20)`. */
  countLine(final = false): string {
    const counters = COUNTED.map((k) => `${k}=${this.counts[k]}`).join(' ');
    const ignored = this.counts.ignored ? ` ignored=${this.counts.ignored}` : '';
    const progress = final || this.hosts.size === 0 ? '' : ` (${this.done}/${this.hosts.size})`;
    return `${this.title}  ${counters}${ignored}${progress}`;
  }

  /** Runs the listr list until every host has reported; never rejects. */
  async run(): Promise<void> {
    const tasks: ListrTask[] = [
      {
        title: this.title,
        task: this.compact ? (_ctx, t) => this.compactTask(t) : (_ctx, t) => t.newListr(this.hostTasks(), this.options.listr.subOptions),
      },
    ];
    try {
      await new Listr(tasks, this.options.listr.rootOptions()).run();
    } catch {
      // A rendering problem must not surface as a run failure; the plain facts are in the recap.
    } finally {
      clearTimeout(this.timer);
    }
  }

  private async compactTask(t: { title: string }): Promise<void> {
    this.setTitle = (title) => (t.title = title);
    this.setTitle(this.countLine());
    await this.allDone.promise;
    this.setTitle = undefined;
    clearTimeout(this.timer);
    t.title = this.countLine(true);
    if (this.counts.failed + this.counts.unreachable > this.counts.ignored) throw new Error(this.countLine(true));
  }

  private hostTasks(): ListrTask[] {
    return [...this.hosts].map(([host, slot]) => ({
      title: host,
      task: async (_ctx, t) => {
        this.progress.set(host, (text) => (t.title = text));
        const outcome = await slot.promise;
        this.progress.delete(host);
        if (outcome.status === 'skipped' || outcome.status === 'none') return t.skip(outcome.line);
        if (isFailure(outcome)) throw new Error(outcome.line);
        t.title = outcome.line;
      },
    }));
  }

  /** Counter changes arrive per host; the title is redrawn at most every 50 ms. */
  private refresh(): void {
    if (!this.setTitle || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.setTitle?.(this.countLine());
    }, 50);
    this.timer.unref();
  }
}

function isFailure(o: HostOutcome): boolean {
  return (o.status === 'failed' || o.status === 'unreachable') && !o.ignored;
}
