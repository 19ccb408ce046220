/**
 * What the hosts of a section run with the free strategy share (Ansible's `strategy: free`):
 * each host walks the task list on its own, `--forks` hosts at a time, so a fast host never waits
 * for a slow one between tasks. The controller's work on one host (templates, results) then
 * overlaps the hosts' work on others, and at fleet scale both cores stay busy.
 */
import type { TaskRef } from '../events/run-events.js';
import type { StepTask } from '../playbook/model.js';
import type { Execution } from './task-executor.js';

/** The shared state of one section run with the free strategy. */
export interface FreeSection {
  /** Each task's announcement, made by the first host that reached it; every host's result carries it. */
  refs: Map<StepTask, TaskRef>;
  /** run_once tasks by partition: the first host's run, which the other hosts wait for and share. */
  once: Map<StepTask, Map<string, Promise<{ execution: Execution; host: string }>>>;
  /** `--start-at-task`: the hosts that have reached the task to start at. */
  started: Set<string>;
}

/** A fresh {@link FreeSection}. */
export function newFreeSection(): FreeSection {
  return { refs: new Map(), once: new Map(), started: new Set() };
}
