/**
 * The plays of a merged report: play N of every shard is play N (one playbook), and a task
 * of one shard is the same task in another when its section, step, name and place in the
 * playbook agree, counting repeats (each `serial` batch runs the task again) in order. A
 * shard's tasks keep their order; a task only some shards ran is placed after the one before
 * it in the first shard that ran it. Task ids are numbered afresh (`t1`, …), as one run's are.
 * The shards' plays are not changed (results are shared with the merged plays).
 */
import type { PlayReport, TaskReport } from '../run-report.js';

/** The plays of `shards` (each a report's plays, in shard order) as one run's. */
export function mergePlays(shards: ReadonlyArray<readonly PlayReport[]>): PlayReport[] {
  const numbers = [...new Set(shards.flatMap((plays) => plays.map((p) => p.play)))].sort((a, b) => a - b);
  const merged = numbers.map((n) => mergePlay(shards.flatMap((plays) => plays.filter((p) => p.play === n))));
  let id = 0;
  for (const play of merged) for (const task of play.tasks) task.id = `t${++id}`;
  return merged;
}

function mergePlay(parts: readonly PlayReport[]): PlayReport {
  const first = parts[0]!;
  const play: PlayReport = {
    play: first.play,
    // A shard whose hosts all skipped the play has no name for it only if it never started it.
    name: parts.find((p) => p.name !== '')?.name ?? first.name,
    pattern: parts.find((p) => p.pattern !== '')?.pattern ?? first.pattern,
    hosts: parts.flatMap((p) => p.hosts),
    startedAt: earliest(parts.map((p) => p.startedAt)),
    durationMs: longest(parts.map((p) => p.durationMs)),
    tasks: mergeTasks(parts.map((p) => p.tasks)),
  };
  const partitions = parts.filter((p) => p.partitions);
  if (partitions.length > 0) play.partitions = Object.assign({}, ...partitions.map((p) => structuredClone(p.partitions)));
  return play;
}

function mergeTasks(lists: ReadonlyArray<readonly TaskReport[]>): TaskReport[] {
  const order: string[] = [];
  const byKey = new Map<string, TaskReport>();
  for (const tasks of lists) {
    const repeats = new Map<string, number>();
    let previous: string | undefined;
    for (const task of tasks) {
      const base = taskKey(task);
      const n = (repeats.get(base) ?? 0) + 1;
      repeats.set(base, n);
      const key = `${base}\0${n}`;
      const known = byKey.get(key);
      if (known) {
        known.hosts.push(...task.hosts);
        known.results.push(...task.results);
        known.startedAt = earliest([known.startedAt, task.startedAt]);
        known.durationMs = longest([known.durationMs, task.durationMs]);
      } else {
        // A copy of the task and its lists; the results themselves are shared, never changed.
        byKey.set(key, { ...task, ...(task.pos ? { pos: { ...task.pos } } : {}), hosts: [...task.hosts], results: [...task.results] });
        order.splice(previous === undefined ? 0 : order.indexOf(previous) + 1, 0, key);
      }
      previous = key;
    }
  }
  return order.map((key) => byKey.get(key)!);
}

function taskKey(task: TaskReport): string {
  const pos = task.pos ? `${task.pos.file}:${task.pos.line}:${task.pos.col}` : '';
  return [task.section, task.step, task.name, pos].join('\0');
}

/** The earliest of ISO 8601 times. */
export function earliest(times: readonly string[]): string {
  return times.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
}

/** The longest duration; null when any is unknown. */
function longest(durations: ReadonlyArray<number | null>): number | null {
  return durations.some((d) => d === null) ? null : Math.max(...(durations as number[]));
}
