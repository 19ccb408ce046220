/**
 * One play: its hosts (pattern ∩ `--limit`, minus hosts that failed in earlier plays), in
 * `serial` batches; per batch facts, `pre_tasks`, handlers, `tasks`, handlers, `post_tasks`,
 * handlers. A batch in which every host failed, or more than `max_fail_percentage`, ends the
 * run, as in Ansible.
 */
import type { TaskRef } from '../events/run-events.js';
import type { Play } from '../playbook/model.js';
import { gatherFacts } from './gather-facts.js';
import { flushHandlers } from './handlers.js';
import { PlayRun } from './play-run.js';
import type { RunContext } from './run-context.js';
import { serialBatches } from './serial-batches.js';
import { TaskListRunner, type Frame } from './task-list-runner.js';
import { executeOnceOnHost } from './facts-task.js';
import { recordResult } from './outcome.js';
import { resolveSerial } from './play-serial.js';

/** Runs one play. Returns false when the run must not go on to the next play. */
export async function runPlay(run: RunContext, play: Play, index: number, hosts: string[]): Promise<boolean> {
  const playRun = new PlayRun(run, play, index, hosts);
  const eligible = hosts.filter((h) => run.host(h).active);
  run.emit({ kind: 'play_start', play: index, name: playRun.name, pattern: play.hosts, hosts: eligible });
  const runner: TaskListRunner = new TaskListRunner(playRun, (targets) => flushHandlers(playRun, runner, play.handlers, targets));
  let goOn = true;
  const serial = resolveSerial(play, run.options.extraVars);
  if ('error' in serial) {
    failEveryHost(playRun, eligible, serial.error);
    run.emit({ kind: 'play_end', play: index });
    return false;
  }
  for (const batch of serialBatches(eligible, serial.serial)) {
    if (run.interrupted) break;
    playRun.batch = batch;
    if (play.keywords.gather_facts !== false) await gather(playRun, batch);
    const sections = [['pre_tasks', play.preTasks], ['tasks', play.tasks], ['post_tasks', play.postTasks]] as const;
    for (const [section, tasks] of sections) {
      const frame: Frame = { chain: [play.keywords], tags: play.tags, rescuable: false, section };
      await runner.runList(tasks, frame, batch);
      if (!runner.stopped || play.keywords.force_handlers) await flushHandlers(playRun, runner, play.handlers, batch);
      if (runner.stopped) break;
    }
    // any_errors_fatal, or a batch that failed past max_fail_percentage, ends the whole run.
    if (runner.stopped === 'fatal' || batchFailed(run, play, batch)) goOn = false;
    if (runner.stopped || !goOn) break;
  }
  run.emit({ kind: 'play_end', play: index });
  return goOn && !run.interrupted;
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
    const gathered = await gatherFacts(connection, () => play.run.now());
    if (!gathered.ok) return { status: 'failed', result: { changed: false, failed: true, msg: gathered.msg } };
    Object.assign(host.facts, gathered.facts);
    return { status: 'ok', result: { changed: false, ansible_facts: gathered.facts } };
  });
}

/** A play whose `serial` cannot be rendered fails every host before any task, visibly. */
function failEveryHost(play: PlayRun, hosts: string[], msg: string): void {
  const ref: TaskRef = { play: play.index, id: play.run.taskId(), name: 'serial', section: 'pre_tasks', step: 'serial' };
  play.run.emit({ kind: 'task_start', task: ref, hosts });
  for (const name of hosts) {
    recordResult(play.run, ref, play.run.host(name), { status: 'failed', result: { changed: false, failed: true, msg } }, { ignored: false, rescuing: false, noLog: false, startedAt: Date.now() });
  }
}
