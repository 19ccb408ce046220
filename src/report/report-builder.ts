/**
 * Listens to a run and builds its {@link RunReport}: plays, tasks with their source position,
 * every host's result (loop items nested), counters, published records, warnings, timings,
 * exit code. `build()` may be called at any time, also after a crash, and marks what is missing.
 */

import { redactValue, type Secrets } from '../events/redact.js';
import type { RunEvent, RunListener } from '../events/run-events.js';
import { RecordBook } from './record-book.js';
import {
  type HostTaskResult,
  type ItemReport,
  type PlayReport,
  REPORT_FORMAT_VERSION,
  type RunReport,
  type TaskReport,
} from './run-report.js';

/** What the builder needs besides the events. */
export interface ReportBuilderOptions {
  /** certbook's own version, recorded in the report. */
  certbookVersion: string;
  /** Secret values to mask (a live set: secrets learnt late are masked at `build()` too). */
  secrets?: Secrets;
  /** The clock for task and play timings (tests pin it). */
  now?: () => Date;
}

/** A listener plus the report it has built so far. */
export interface ReportBuilder {
  listener: RunListener;
  /** The report as of now (a fresh, redacted object each call). */
  build(): RunReport;
}

/** Creates a builder that has seen nothing yet. */
export function createReportBuilder(options: ReportBuilderOptions): ReportBuilder {
  const state = new ReportState(options);
  return { listener: (event) => state.on(event), build: () => state.build() };
}

class ReportState {
  private readonly report: RunReport;
  private readonly records = new RecordBook();
  private readonly tasks = new Map<string, TaskReport>();
  private readonly pendingItems = new Map<string, ItemReport[]>();
  private readonly started = new Map<object, number>();
  private play: PlayReport | undefined;
  private task: TaskReport | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: ReportBuilderOptions) {
    this.now = options.now ?? (() => new Date());
    this.report = {
      reportVersion: REPORT_FORMAT_VERSION,
      certbook: { version: options.certbookVersion },
      playbook: '',
      check: false,
      diff: false,
      startedAt: this.now().toISOString(),
      finishedAt: null,
      durationMs: null,
      exitCode: null,
      interrupted: false,
      complete: false,
      hosts: [],
      stats: {},
      plays: [],
      records: {},
      warnings: [],
      partitionsStopped: [],
    };
  }

  on(raw: RunEvent): void {
    const event = redactValue(raw, this.options.secrets ?? []);
    switch (event.kind) {
      case 'run_start':
        Object.assign(this.report, {
          playbook: event.playbook,
          check: event.check,
          diff: event.diff,
          startedAt: event.startedAt,
          hosts: [...event.hosts],
        });
        if (event.shard) this.report.shard = structuredClone(event.shard);
        return;
      case 'play_start':
        return this.startPlay(event);
      case 'task_start':
        return this.startTask(event);
      case 'item_result':
        return this.addItem(event);
      case 'host_result':
        return this.addResult(event);
      case 'warning':
        this.report.warnings.push({ message: event.message, ...(event.host !== undefined ? { host: event.host } : {}) });
        return;
      case 'records':
        this.records.add(event);
        return;
      case 'partition_stopped':
        this.report.partitionsStopped.push({ play: event.play, partition: event.partition, hosts: [...event.hosts], reason: event.reason });
        return;
      case 'play_end':
        this.endTask();
        this.endPlay();
        return;
      case 'run_end':
        return this.endRun(event);
    }
  }

  private startPlay(event: Extract<RunEvent, { kind: 'play_start' }>): void {
    this.endTask();
    this.endPlay();
    this.play = {
      play: event.play,
      name: event.name,
      pattern: event.pattern,
      hosts: [...event.hosts],
      startedAt: this.stamp(),
      durationMs: null,
      tasks: [],
      ...(event.partitions ? { partitions: structuredClone(event.partitions) } : {}),
    };
    this.started.set(this.play, this.now().getTime());
    this.report.plays.push(this.play);
  }

  private startTask(event: Extract<RunEvent, { kind: 'task_start' }>): void {
    this.endTask();
    const { task: ref } = event;
    const task: TaskReport = {
      id: ref.id,
      name: ref.name,
      section: ref.section,
      step: ref.step,
      ...(ref.pos ? { pos: { ...ref.pos } } : {}),
      startedAt: this.stamp(),
      durationMs: null,
      hosts: [...event.hosts],
      results: [],
    };
    this.started.set(task, this.now().getTime());
    this.tasks.set(ref.id, task);
    this.task = task;
    this.playFor(ref.play).tasks.push(task);
  }

  private addItem(event: Extract<RunEvent, { kind: 'item_result' }>): void {
    const key = `${event.task.id}\0${event.host}`;
    const items = this.pendingItems.get(key) ?? [];
    items.push({
      label: event.label,
      status: event.status,
      result: event.result,
      ...(event.delegatedTo ? { delegatedTo: event.delegatedTo } : {}),
    });
    this.pendingItems.set(key, items);
  }

  private addResult(event: Extract<RunEvent, { kind: 'host_result' }>): void {
    const key = `${event.task.id}\0${event.host}`;
    const items = this.pendingItems.get(key);
    this.pendingItems.delete(key);
    const entry: HostTaskResult = {
      host: event.host,
      status: event.status,
      ignored: event.ignored,
      rescued: event.rescued === true,
      ...(event.delegatedTo ? { delegatedTo: event.delegatedTo } : {}),
      durationMs: event.durationMs,
      result: event.result,
      ...(items ? { items } : {}),
    };
    this.taskFor(event.task).results.push(entry);
  }

  /** A result for a task never announced (another strategy, a lost event) still gets a home. */
  private taskFor(ref: Extract<RunEvent, { kind: 'host_result' }>['task']): TaskReport {
    const known = this.tasks.get(ref.id);
    if (known) return known;
    this.startTask({ kind: 'task_start', task: ref, hosts: [] });
    return this.tasks.get(ref.id)!;
  }

  private playFor(number: number): PlayReport {
    if (this.play && this.play.play === number) return this.play;
    const found = this.report.plays.find((p) => p.play === number);
    if (found) return found;
    this.startPlay({ kind: 'play_start', play: number, name: '', pattern: '', hosts: [] });
    return this.play!;
  }

  private endTask(): void {
    if (this.task && this.task.durationMs === null) this.task.durationMs = this.elapsed(this.task);
    this.task = undefined;
  }

  private endPlay(): void {
    if (this.play && this.play.durationMs === null) this.play.durationMs = this.elapsed(this.play);
    this.play = undefined;
  }

  private endRun(event: Extract<RunEvent, { kind: 'run_end' }>): void {
    this.endTask();
    this.endPlay();
    Object.assign(this.report, {
      finishedAt: this.stamp(),
      durationMs: event.durationMs,
      exitCode: event.exitCode,
      interrupted: event.interrupted,
      complete: true,
      stats: structuredClone(event.stats),
      ...(event.cleanup ? { cleanup: structuredClone(event.cleanup) } : {}),
    });
  }

  build(): RunReport {
    const report = structuredClone(this.report);
    report.records = Object.fromEntries(
      this.records.tables().map((t) => [t.name, { columns: t.columns, rows: t.rows, ...(t.sortBy ? { sortBy: t.sortBy } : {}) }]),
    );
    this.attachPendingItems(report);
    return redactValue(report, this.options.secrets ?? []);
  }

  /** Items whose host result never came (the run stopped mid-loop) are kept, marked incomplete. */
  private attachPendingItems(report: RunReport): void {
    for (const [key, items] of this.pendingItems) {
      const [taskId, host] = key.split('\0') as [string, string];
      const task = report.plays.flatMap((p) => p.tasks).find((t) => t.id === taskId);
      const last = items[items.length - 1];
      if (!task || !last) continue;
      task.results.push({
        host,
        status: last.status,
        ignored: false,
        rescued: false,
        durationMs: null,
        result: {},
        items: structuredClone(items),
        incomplete: true,
      });
    }
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  private elapsed(of: object): number | null {
    const start = this.started.get(of);
    return start === undefined ? null : Math.max(0, this.now().getTime() - start);
  }
}
