/**
 * The terminal reporter: each task a live listr2 list (a line per host, or one line of counters
 * for a large fleet), play banners between them, then the recap and the records tables. It
 * only listens: events resolve the promises listr2 waits on, in a queue that keeps the screen in
 * run order however fast events arrive. `close()` waits for the screen to catch up.
 */

import { redactText, redactValue, type Secrets } from '../events/redact.js';
import type { HostStatus, RunEvent } from '../events/run-events.js';
import { pythonJson } from '../python/python-values.js';
import { formatCleanup } from './cleanup-text.js';
import { pythonWrap } from './python-textwrap.js';
import { banner, formatRecap } from './recap.js';
import { RecordBook } from './record-book.js';
import { formatRecordTables } from './records-table.js';
import type { Reporter } from './reporter.js';
import { displayedFields, hostLabel, isVerbose, resultWarnings, warningText } from './result-view.js';
import { escapeLabel, truncateToWidth } from './safe-text.js';
import { type ListrSetup, listrSetup } from './tty-listr-setup.js';
import { type HostOutcome, TaskView } from './tty-task-view.js';

/** Where and how the terminal reporter draws. */
export interface TtyReporterOptions {
  /** A terminal (or a stream that behaves like one: `isTTY`, `columns`). */
  stream: NodeJS.WriteStream;
  /** Where warnings go. Default: `stream`. */
  errorStream?: NodeJS.WriteStream;
  verbosity: number;
  secrets?: Secrets;
  /** Above this many hosts in a task, one counters line instead of a line per host. Default 30. */
  maxHostLines?: number;
}

/** Default fleet size from which tasks are drawn as one counters line. */
export const DEFAULT_MAX_HOST_LINES = 30;

/** Most failure lines printed under a compact task; the rest are counted (all are in the report). */
const MAX_FAILURE_LINES = 50;

/** Creates the terminal reporter. */
export function createTtyReporter(options: TtyReporterOptions): Reporter {
  const screen = new TtyScreen(options);
  return { listener: (event) => screen.on(event), close: () => screen.close() };
}

class TtyScreen {
  private queue: Promise<void> = Promise.resolve();
  private readonly views = new Map<string, TaskView>();
  private current: TaskView | undefined;
  private readonly records = new RecordBook();
  private readonly listr: ListrSetup;
  private readonly secrets: Secrets;
  private readonly warned = new Set<string>();

  constructor(private readonly options: TtyReporterOptions) {
    this.listr = listrSetup(options.stream, options.errorStream ?? options.stream);
    this.secrets = options.secrets ?? [];
  }

  on(event: RunEvent): void {
    switch (event.kind) {
      case 'play_start':
        this.finishTask();
        this.print(`\n${banner(event.name.trim() ? `PLAY [${escapeLabel(event.name.trim())}]` : 'PLAY', this.columns)}\n`);
        if (event.hosts.length === 0) this.print('skipping: no hosts matched\n');
        return;
      case 'task_start':
        return this.startTask(event);
      case 'host_result':
        return this.views.get(event.task.id)?.settle(event.host, this.outcome(event));
      case 'included': {
        const view = this.views.get(event.task.id);
        for (const host of event.hosts)
          view?.settle(host, {
            status: 'ok',
            ignored: false,
            line: this.fit(escapeLabel(`${host}: included ${event.file}${event.item !== undefined ? ` (item=${event.item})` : ''}`)),
          });
        return;
      }
      case 'item_result':
        return this.views
          .get(event.task.id)
          ?.itemProgress(event.host, this.fit(`${escapeLabel(event.host)}: item ${escapeLabel(event.label)} ${event.status}`));
      case 'warning':
        return this.warning(warningText(event));
      case 'partition_stopped':
        this.finishTask();
        this.print(
          `\n${banner(`PARTITION STOPPED [${escapeLabel(event.partition)}]`, this.columns)}\n${this.fit(escapeLabel(event.reason))}; out of the run: ${event.hosts.map(escapeLabel).join(', ')}\n`,
        );
        return;
      case 'records':
        this.records.add(event);
        return;
      case 'play_end':
      case 'run_start':
        return;
      case 'run_end':
        this.finishTask();
        if (event.interrupted) this.print('[ERROR]: User interrupted execution\n');
        if (event.cleanup) this.print(formatCleanup(event.cleanup, this.columns));
        this.print(formatRecap(event.stats, Object.keys(event.stats), this.columns));
        if (!this.records.empty) this.print(formatRecordTables(this.records.tables(), this.columns));
    }
  }

  close(): Promise<void> {
    this.finishTask();
    return this.queue;
  }

  private get columns(): number {
    return this.options.stream.columns || 80;
  }

  private startTask(event: Extract<RunEvent, { kind: 'task_start' }>): void {
    this.finishTask();
    const prefix = event.task.section === 'handlers' ? 'RUNNING HANDLER' : 'TASK';
    const view = new TaskView(event, this.fit(`${prefix} [${escapeLabel(redactText(event.task.name.trim(), this.secrets))}]`), {
      listr: this.listr,
      maxHostLines: this.options.maxHostLines ?? DEFAULT_MAX_HOST_LINES,
    });
    this.views.set(event.task.id, view);
    this.current = view;
    this.enqueue(() => view.run());
    this.enqueue(() => this.printFailures(view));
  }

  private finishTask(): void {
    this.current?.finish();
    this.current = undefined;
  }

  /** Under a compact task, the failed hosts (its counters do not say which). */
  private printFailures(view: TaskView): void {
    if (!view.compact) return;
    const failures = view.failures();
    const shown = failures
      .slice(0, MAX_FAILURE_LINES)
      .map((f) => `  ${f.line}\n`)
      .join('');
    const more = failures.length > MAX_FAILURE_LINES ? `  … and ${failures.length - MAX_FAILURE_LINES} more (all are in --report)\n` : '';
    if (shown) this.options.stream.write(shown + more);
  }

  private outcome(event: Extract<RunEvent, { kind: 'host_result' }>): HostOutcome {
    const result = redactValue(event.result, this.secrets);
    if (event.status !== 'skipped') for (const w of resultWarnings(result)) this.warning(w);
    const who = escapeLabel(hostLabel(event.host, event.delegatedTo));
    const ctx = { step: event.task.step, ran: event.status !== 'skipped', verbosity: this.options.verbosity };
    const detail = isVerbose(result, ctx) ? ` => ${pythonJson(displayedFields(result, ctx))}` : '';
    const msg = typeof result.msg === 'string' && result.msg ? `: ${result.msg}` : '';
    return {
      status: event.status,
      ignored: event.ignored,
      line: this.fit(escapeLabel(`${who}: ${statusWord(event.status, event.ignored)}${failed(event.status) ? msg : detail}`)),
    };
  }

  private warning(message: string): void {
    const text = `${pythonWrap(`[WARNING]: ${escapeLabel(redactText(message, this.secrets))}`, Math.max(79, this.columns - 1)).join('\n')}\n`;
    if (this.warned.has(text)) return;
    this.warned.add(text);
    // Written between lists, never into a live one (the renderer would draw over it).
    this.enqueue(() => void (this.options.errorStream ?? this.options.stream).write(text));
  }

  private print(text: string): void {
    this.enqueue(() => void this.options.stream.write(escapeLabelLines(redactText(text, this.secrets))));
  }

  private enqueue(step: () => void | Promise<void>): void {
    this.queue = this.queue.then(step).catch(() => undefined);
  }

  /** A line cut to the terminal width, so the renderer never wraps (wrapping multiplies redraw work). */
  private fit(line: string): string {
    return truncateToWidth(line, Math.max(20, this.columns - 6));
  }
}

function failed(status: HostStatus): boolean {
  return status === 'failed' || status === 'unreachable';
}

function statusWord(status: HostStatus, ignored: boolean): string {
  if (status === 'failed') return ignored ? 'failed (ignored)' : 'FAILED';
  if (status === 'unreachable') return ignored ? 'unreachable (ignored)' : 'UNREACHABLE';
  return status;
}

/** Multi-line blocks (recap, tables) keep their newlines; every line is escaped on its own. */
function escapeLabelLines(text: string): string {
  return text.split('\n').map(escapeLabel).join('\n');
}
