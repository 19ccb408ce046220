/**
 * A playbook's outline: each play with its tasks flattened in run order, each task with its
 * display name and inherited tags. `--list-tasks`, `--list-tags`, `--start-at-task` and the
 * runner's tag selection all read it, so they agree with each other.
 */
import type { Play, TaskNode } from './model.js';
import { mergeTags, selectedByTags, type TagFilter } from './tags.js';

/** One task as listed: blocks are not listed themselves, their tasks are. */
export interface OutlinedTask {
  /** The task's name, or its step's name when it has none (as Ansible lists unnamed tasks). */
  name: string;
  /** Own tags plus every enclosing block's, import's and the play's, sorted. */
  tags: string[];
  section: 'pre_tasks' | 'tasks' | 'post_tasks' | 'handlers';
}

/** The display name Ansible uses for a task. */
export function taskDisplayName(task: TaskNode): string {
  if (task.name) return task.name;
  if (task.kind === 'step') return task.step;
  if (task.kind === 'include') return 'include_tasks';
  return task.importedFrom ? 'import_tasks' : 'block';
}

/** A play's display name: its `name`, else its host pattern. */
export function playDisplayName(play: Play): string {
  return play.name ?? play.hosts;
}

/** Every runnable task of a play (not handlers), with inherited tags, in order. */
export function outlinePlay(play: Play): OutlinedTask[] {
  const out: OutlinedTask[] = [];
  const sections = [
    ['pre_tasks', play.preTasks],
    ['tasks', play.tasks],
    ['post_tasks', play.postTasks],
  ] as const;
  for (const [section, tasks] of sections) walk(tasks, play.tags, section, out);
  return out;
}

/** The outline filtered by `--tags`/`--skip-tags`. */
export function selectedTasks(play: Play, filter: TagFilter): OutlinedTask[] {
  return outlinePlay(play).filter((t) => selectedByTags(t.tags, filter));
}

function walk(tasks: readonly TaskNode[], inherited: readonly string[], section: OutlinedTask['section'], out: OutlinedTask[]): void {
  for (const task of tasks) {
    const tags = mergeTags(inherited, task.keywords.tags);
    if (task.kind === 'block') {
      walk(task.block, tags, section, out);
      walk(task.rescue, tags, section, out);
      walk(task.always, tags, section, out);
    } else {
      out.push({ name: taskDisplayName(task), tags, section });
    }
  }
}

/**
 * Whether `--start-at-task PATTERN` names this task: the exact name, or a shell-style glob
 * (`*`, `?`) over it, as ansible-playbook matches it.
 */
export function startsAtTask(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  const glob = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return glob.test(name);
}
