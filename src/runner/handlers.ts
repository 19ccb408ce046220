/**
 * Handlers: after each task section (and on `meta: flush_handlers`), every handler that a
 * host notified runs on that host, in the order the handlers are written, once.
 */
import type { Play, TaskNode } from '../playbook/model.js';
import type { PlayRun } from './play-run.js';
import type { TaskListRunner } from './task-list-runner.js';

/** The names a handler answers to: its name and its `listen` topics. */
function topicsOf(handler: TaskNode): string[] {
  return [...(handler.name ? [handler.name] : []), ...(handler.keywords.listen ?? [])];
}

/** Runs the notified handlers for `hosts` and clears their notifications. */
export async function flushHandlers(
  play: PlayRun,
  runner: TaskListRunner,
  handlers: Play['handlers'],
  hosts: readonly string[],
): Promise<void> {
  // force_handlers: a host that failed still runs what it notified (and stays failed), as in Ansible.
  const forced = play.play.keywords.force_handlers === true;
  for (const handler of handlers) {
    const topics = topicsOf(handler);
    const targets = hosts.filter((h) => {
      const state = play.run.host(h);
      const eligible = forced ? !state.unreachable && !state.ended : state.active;
      return eligible && topics.some((t) => state.notified.has(t));
    });
    if (!targets.length) continue;
    // A handler runs once even when notified under several of its names.
    for (const h of targets) for (const t of topics) play.run.host(h).notified.delete(t);
    const revived = targets.map((h) => play.run.host(h)).filter((s) => s.failed);
    for (const s of revived) s.failed = false;
    try {
      await runner.runList(
        [handler],
        { chain: [play.play.keywords], tags: play.play.tags, rescuable: false, section: 'handlers' },
        targets,
      );
    } finally {
      for (const s of revived) s.failed = true;
    }
  }
}
