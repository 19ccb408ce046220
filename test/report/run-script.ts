/**
 * Builds run event sequences by hand, in the order a real run emits them, so reporter tests can
 * replay what ansible-playbook did in a captured run and compare the output.
 */
import type { HostStats, HostStatus, RunEvent, TaskRef } from '../../src/events/run-events.js';

/** Options of one host or item result. */
export interface ResultOptions {
  ignored?: boolean;
  delegatedTo?: string;
  rescued?: boolean;
}

/** An event sequence under construction. */
export class RunScript {
  readonly events: RunEvent[] = [];
  private playNo = 0;
  private taskNo = 0;
  private task: TaskRef | undefined;

  constructor(
    readonly playbook = 'pb.yaml',
    /** The file task positions name (ansible prints it absolute at -vv). */
    private readonly taskFile = `/work/${playbook}`,
  ) {}

  start(hosts: string[], extra: { check?: boolean; diff?: boolean; plays?: number } = {}): this {
    this.events.push({
      kind: 'run_start',
      playbook: this.playbook,
      check: extra.check ?? false,
      diff: extra.diff ?? false,
      startedAt: '2026-11-28T17:09:47.000Z',
      hosts,
      ...(extra.plays !== undefined ? { plays: extra.plays } : {}),
    });
    return this;
  }

  play(name: string, hosts: string[], pattern = 'all'): this {
    if (this.playNo > 0) this.events.push({ kind: 'play_end', play: this.playNo });
    this.playNo++;
    this.events.push({ kind: 'play_start', play: this.playNo, name, pattern, hosts });
    return this;
  }

  taskStart(name: string, step = 'command', extra: { section?: TaskRef['section']; line?: number; hosts?: string[] } = {}): this {
    this.taskNo++;
    this.task = {
      play: this.playNo,
      id: `t${this.taskNo}`,
      name,
      section: extra.section ?? 'tasks',
      step,
      ...(extra.line !== undefined ? { pos: { file: this.taskFile, line: extra.line, col: 7 } } : {}),
    };
    this.events.push({ kind: 'task_start', task: this.task, hosts: extra.hosts ?? [] });
    return this;
  }

  result(host: string, status: HostStatus, result: Record<string, unknown>, options: ResultOptions = {}): this {
    this.events.push({
      kind: 'host_result',
      task: this.currentTask(),
      host,
      status,
      ignored: options.ignored ?? false,
      result,
      durationMs: 5,
      ...(options.delegatedTo ? { delegatedTo: options.delegatedTo } : {}),
      ...(options.rescued ? { rescued: true } : {}),
    });
    return this;
  }

  item(host: string, status: HostStatus, label: string, result: Record<string, unknown>, options: ResultOptions = {}): this {
    this.events.push({
      kind: 'item_result',
      task: this.currentTask(),
      host,
      status,
      label,
      result,
      ...(options.delegatedTo ? { delegatedTo: options.delegatedTo } : {}),
    });
    return this;
  }

  /** An `until` retry of the current task on `host`. */
  retry(host: string, attempt: number, retriesLeft: number, result: Record<string, unknown> = {}): this {
    this.events.push({ kind: 'retry', task: this.task!, host, attempt, retriesLeft, result });
    return this;
  }

  warning(message: string, host?: string): this {
    this.events.push({ kind: 'warning', message, ...(host ? { host } : {}) });
    return this;
  }

  records(table: string, host: string, rows: Record<string, unknown>[], extra: { columns?: string[]; sortBy?: string[] } = {}): this {
    this.events.push({ kind: 'records', table, host, rows, ...extra });
    return this;
  }

  /** Ends the run; `stats` as `[ok, changed, unreachable, failed, skipped, rescued, ignored]` per host. */
  end(
    stats: Record<string, [number, number, number, number, number, number, number]>,
    extra: { exitCode?: number; interrupted?: boolean } = {},
  ): RunEvent[] {
    if (this.playNo > 0) this.events.push({ kind: 'play_end', play: this.playNo });
    const full: Record<string, HostStats> = {};
    for (const [host, [ok, changed, unreachable, failed, skipped, rescued, ignored]] of Object.entries(stats)) {
      full[host] = { ok, changed, unreachable, failed, skipped, rescued, ignored };
    }
    this.events.push({
      kind: 'run_end',
      stats: full,
      exitCode: extra.exitCode ?? 0,
      interrupted: extra.interrupted ?? false,
      durationMs: 1234,
    });
    return this.events;
  }

  private currentTask(): TaskRef {
    if (!this.task) throw new Error('no task started');
    return this.task;
  }
}

/** The result of Ansible's `command` module: `end` is `start` plus `delta`, as the module computes it. */
export function commandResult(
  argv: string[],
  run: { rc?: number; stdout?: string; changed: boolean; delta: string; start: string },
): Record<string, unknown> {
  const rc = run.rc ?? 0;
  const stdout = run.stdout ?? '';
  return {
    changed: run.changed,
    cmd: argv,
    delta: run.delta,
    end: addDelta(run.start, run.delta),
    msg: rc === 0 ? '' : 'non-zero return code',
    rc,
    start: run.start,
    stderr: '',
    stderr_lines: [],
    stdout,
    stdout_lines: stdout === '' ? [] : stdout.split('\n'),
    ...(rc === 0 ? {} : { failed: true }),
  };
}

/** `2026-11-28 17:51:33.559544` + `0:00:00.003719`, to the microsecond. */
function addDelta(start: string, delta: string): string {
  const [date, time] = start.split(' ') as [string, string];
  const micros = (t: string) => {
    const [h, m, s] = t.split(':') as [string, string, string];
    const [whole, frac = '0'] = s.split('.');
    return ((Number(h) * 60 + Number(m)) * 60 + Number(whole)) * 1_000_000 + Number(frac.padEnd(6, '0'));
  };
  const total = micros(time) + micros(delta);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const seconds = Math.floor(total / 1_000_000);
  return `${date} ${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}.${pad(total % 1_000_000, 6)}`;
}

/** A `when:` that did not hold, as Ansible reports it. */
export const CONDITION_FALSE = { changed: false, skipped: true, skip_reason: 'Conditional result was False' };
