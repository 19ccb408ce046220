/**
 * Handlers: after each task section (and on `meta: flush_handlers`), every handler that a
 * host notified runs on that host, in the order the handlers are written, once.
 */
import type { Play, TaskNode } from '../playbook/model.js';
import type { PlayRun } from './play-run.js';
import type { TaskListRunner } from './task-list-runner.js';

/** The names a handler answers to: its name (a role's also as `role : name`) and its `listen` topics. */
function topicsOf(handler: TaskNode): string[] {
  const named = handler.name ? [handler.name, ...(handler.role ? [`${handler.role.role.name} : ${handler.name}`] : [])] : [];
  return [...named, ...(handler.keywords.listen ?? [])];
}

/**
 * The topics each handler answers to. A name answers for the last handler that has it (ansible-core
 * 2.14: "the last handler loaded with the same name wins", a role listed twice brings its
 * handlers twice); `listen` topics reach every handler listening.
 */
function answeringTopics(handlers: Play['handlers']): string[][] {
  const taken = new Set<string>();
  const out: string[][] = [];
  for (let i = handlers.length - 1; i >= 0; i--) {
    const handler = handlers[i]!;
    const names = topicsOf(handler).filter((t) => !(handler.keywords.listen ?? []).includes(t));
    out[i] = [...names.filter((n) => !taken.has(n)), ...(handler.keywords.listen ?? [])];
    for (const n of names) taken.add(n);
  }
  return out;
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
  const answering = answeringTopics(handlers);
  // A `listen` topic reaches every handler listening to it: it is cleared once all have had their turn.
  const heard: Array<[string, string]> = [];
  for (const [index, handler] of handlers.entries()) {
    const topics = answering[index]!;
    const listen = handler.keywords.listen ?? [];
    const targets = hosts.filter((h) => {
      const state = play.run.host(h);
      const eligible = forced ? !state.unreachable && !state.ended : state.active;
      return eligible && topics.some((t) => state.notified.has(t));
    });
    if (!targets.length) continue;
    // A handler runs once even when notified under several of its names.
    for (const h of targets) {
      for (const t of topics) {
        if (listen.includes(t)) heard.push([h, t]);
        else play.run.host(h).notified.delete(t);
      }
    }
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
  for (const [h, t] of heard) play.run.host(h).notified.delete(t);
}
