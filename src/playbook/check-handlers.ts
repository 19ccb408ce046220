/**
 * `notify` must name a handler (by `name` or `listen` topic) of the same play. Ansible only
 * finds out when the task reports changed; certbook finds out before connecting.
 */

import type { ProblemList } from '../errors/problem.js';
import { closest } from '../errors/suggest.js';
import type { Play, TaskNode } from './model.js';

/** Every task of a list, blocks, imports and static includes flattened, in order. */
export function* walkTasks(tasks: readonly TaskNode[]): Generator<TaskNode> {
  for (const task of tasks) {
    yield task;
    if (task.kind === 'block') {
      yield* walkTasks(task.block);
      yield* walkTasks(task.rescue);
      yield* walkTasks(task.always);
    } else if (task.kind === 'include' && task.preview) {
      yield* walkTasks(task.preview);
    }
  }
}

/** The names a `notify` can use in this play. */
export function handlerTopics(play: Play): Set<string> {
  const topics = new Set<string>();
  for (const handler of walkTasks(play.handlers)) {
    if (handler.name) topics.add(handler.name);
    for (const topic of handler.keywords.listen ?? []) topics.add(topic);
  }
  return topics;
}

/** Reports every static `notify` target that no handler of the play answers to. */
export function checkNotifyTargets(play: Play, problems: ProblemList, quote: (pos: Play['pos']) => string | undefined): void {
  const topics = handlerTopics(play);
  const sections = [play.preTasks, play.tasks, play.postTasks, play.handlers];
  for (const task of sections.flatMap((s) => [...walkTasks(s)])) {
    for (const target of task.keywords.notify ?? []) {
      if (target.includes('{{') || topics.has(target)) continue;
      const pos = task.keywordPos.notify ?? task.pos;
      const suggestion = closest(target, topics);
      problems.add({
        code: 'UNKNOWN_HANDLER',
        message: `\`notify\` names "${target}", but no handler of this play is called that or listens to it`,
        pos,
        sourceLine: quote(pos) ?? '',
        hint: suggestion
          ? `did you mean "${suggestion}"?`
          : topics.size
            ? `this play's handlers: ${[...topics].join(', ')}`
            : 'this play has no handlers; add them under `handlers:`',
      });
    }
  }
}
