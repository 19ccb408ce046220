/**
 * One play: its hosts (pattern ∩ `--limit`, minus hosts that failed in earlier plays), in
 * `serial` batches (per `partition_by` partition, side by side); per batch facts, `pre_tasks`, handlers, `tasks`, handlers, `post_tasks`,
 * handlers. A batch in which every host failed, or more than `max_fail_percentage`, ends the
 * run, as in Ansible.
 */
import type { TaskRef } from '../events/run-events.js';
import type { Play } from '../playbook/model.js';
import { TemplateError } from '../template/errors.js';
import { executeOnceOnHost } from './facts-task.js';
import { gatherFacts } from './gather-facts.js';
import { flushHandlers } from './handlers.js';
import { recordResult } from './outcome.js';
import { failureSummary, partitionedBatches, partitionHosts } from './play-partitions.js';
import { PlayRun } from './play-run.js';
import { resolveSerial } from './play-serial.js';
import type { RunContext } from './run-context.js';
import { taskEnvironment, withEnvironment } from './task-environment.js';
import { type Frame, TaskListRunner } from './task-list-runner.js';

/** Runs one play. Returns false when the run must not go on to the next play. */
export async function runPlay(run: RunContext, play: Play, index: number, hosts: string[]): Promise<boolean> {
  // `meta: end_host` ends a host's play, not its run (Ansible).
  for (const h of hosts) run.host(h).ended = false;
  const playRun = new PlayRun(run, play, index, hosts);
  const eligible = hosts.filter((h) => run.host(h).active && !run.outOfRun.has(h));
  const partitions = partitionHosts(eligible, play.keywords.partition_by, (h) => playRun.scopeFor(run.host(h)));
  run.emit({
    kind: 'play_start',
    play: index,
    name: playRun.name,
    pattern: play.hosts,
    hosts: eligible,
    ...(play.keywords.partition_by !== undefined ? { partitions: Object.fromEntries(partitions.byKey) } : {}),
  });
  const runner: TaskListRunner = new TaskListRunner(playRun, (targets) => flushHandlers(playRun, runner, playRun.handlers, targets));
  let goOn = true;
  const serial = resolveSerial(play, run.options.extraVars);
  if ('error' in serial) {
    failHosts(playRun, eligible, () => serial.error, 'serial');
    run.emit({ kind: 'play_end', play: index });
    return false;
  }
  playRun.partitions = partitions;
  if (partitions.errors.size) failHosts(playRun, [...partitions.errors.keys()], (h) => partitions.errors.get(h)!, 'partition_by');
  skipAbortedPartitions(playRun);
  const done = (key: string): boolean => playRun.stoppedPartitions.has(key) || playRun.endedPartitions.has(key);
  for (const batch of partitionedBatches(partitions, serial.serial, done)) {
    if (run.interrupted) break;
    playRun.batch = batch;
    if (play.keywords.gather_facts !== false) await gather(playRun, batch);
    const sections = [
      ['pre_tasks', play.preTasks],
      ['tasks', play.tasks],
      ['post_tasks', play.postTasks],
    ] as const;
    for (const [section, tasks] of sections) {
      const frame: Frame = { chain: [play.keywords], tags: play.tags, rescuable: false, section };
      if (play.keywords.strategy === 'free') await runner.runListFree(tasks, frame, batch);
      else await runner.runList(tasks, frame, batch);
      // A stopped partition runs no handlers (unless force_handlers), as a stopped play runs none.
      const flushFor = play.keywords.force_handlers ? batch : batch.filter((h) => !playRun.stoppedPartitions.has(playRun.partitionOf(h)));
      if (!runner.stopped || play.keywords.force_handlers) await flushHandlers(playRun, runner, playRun.handlers, flushFor);
      if (runner.stopped || batch.every((h) => done(playRun.partitionOf(h)))) break;
    }
    // any_errors_fatal, or a batch that failed past max_fail_percentage, ends the whole run
    // (a partitioned play: that partition's part of the run).
    for (const [key, members] of playRun.byPartition(batch)) {
      if (!batchFailed(run, play, members)) continue;
      if (play.keywords.partition_by === undefined) goOn = false;
      else playRun.stopPartition(key, failureSummary(run, members));
    }
    if (runner.stopped === 'fatal') goOn = false;
    if (runner.stopped || !goOn) break;
  }
  run.emit({ kind: 'play_end', play: index });
  return goOn && !run.interrupted;
}

/** A partition that stopped earlier in the run takes no part in later plays partitioned the same way. */
function skipAbortedPartitions(play: PlayRun): void {
  if (play.play.keywords.partition_by === undefined || !play.partitions) return;
  for (const key of play.partitions.byKey.keys()) {
    const reason = play.run.abortedPartitions.get(key);
    if (reason === undefined) continue;
    play.stoppedPartitions.set(key, reason);
    play.run.emit({ kind: 'warning', message: `partition "${key}" is left out of this play: it stopped earlier in the run (${reason})` });
  }
}

/** A batch in which every host failed, or more than `max_fail_percentage` of them. */
function batchFailed(run: RunContext, play: Play, batch: string[]): boolean {
  const failed = batch.filter((h) => run.host(h).failed || run.host(h).unreachable).length;
  if (failed === batch.length) return true;
  const max = play.keywords.max_fail_percentage;
  if (max === undefined) return false;
  const limit = typeof max === 'number' ? max : Number.parseFloat(max);
  return (failed / batch.length) * 100 > limit;
}

async function gather(play: PlayRun, batch: string[]): Promise<void> {
  const ref: TaskRef = { play: play.index, id: play.run.taskId(), name: 'Gathering Facts', section: 'pre_tasks', step: 'gather_facts' };
  play.run.emit({ kind: 'task_start', task: ref, hosts: batch });
  await executeOnceOnHost(play, ref, batch, async (host, connection) => {
    // The play's environment applies to gathering too (Ansible's setup module gets it).
    let env: Record<string, string> | undefined;
    try {
      env = taskEnvironment([play.play.keywords], play.scopeFor(host));
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      return { status: 'failed', result: { changed: false, failed: true, msg: error.message } };
    }
    const gathered = await gatherFacts(env ? withEnvironment(connection, env) : connection, () => play.run.now());
    if (!gathered.ok) return { status: 'failed', result: { changed: false, failed: true, msg: gathered.msg } };
    Object.assign(host.facts, gathered.facts);
    return { status: 'ok', result: { changed: false, ansible_facts: gathered.facts } };
  });
}

/** A play whose `serial` or `partition_by` cannot be rendered fails those hosts before any task, visibly. */
function failHosts(play: PlayRun, hosts: string[], msgOf: (host: string) => string, keyword: string): void {
  const ref: TaskRef = { play: play.index, id: play.run.taskId(), name: keyword, section: 'pre_tasks', step: keyword };
  play.run.emit({ kind: 'task_start', task: ref, hosts });
  for (const name of hosts) {
    recordResult(
      play.run,
      ref,
      play.run.host(name),
      { status: 'failed', result: { changed: false, failed: true, msg: msgOf(name) } },
      { ignored: false, rescuing: false, noLog: false, startedAt: Date.now() },
    );
  }
}
