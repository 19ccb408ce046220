/**
 * Everything a run tells the outside world, as one `kind`-tagged union. Reporters (tty, plain,
 * json, memory, the report file, JUnit) only listen to these; none of them drives execution.
 * Results in events are already redacted (`no_log`, sensitive arguments, become passwords).
 */
import type { SourcePosition } from '../errors/problem.js';
import type { ShardRecord } from './shard-record.js';

/** How one host ended one task (or one loop item). */
export type HostStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';

/** Ansible's seven recap counters for one host. */
export interface HostStats {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

/** Which task an event is about. */
export interface TaskRef {
  /** Play number, from 1. */
  play: number;
  /** A run-unique task id (stable across hosts and loop items). */
  id: string;
  name: string;
  /** `handler` for handlers, otherwise the play section. */
  section: 'pre_tasks' | 'tasks' | 'post_tasks' | 'handlers';
  step: string;
  pos?: SourcePosition;
  /** The role the task belongs to (its name is then shown `role : name`, as Ansible does). */
  role?: string;
}

export type RunEvent =
  | {
      kind: 'run_start';
      playbook: string;
      check: boolean;
      diff: boolean;
      startedAt: string;
      hosts: string[];
      /** How many plays the playbook has (`-vv` prints `N plays in FILE` like ansible-playbook). */
      plays?: number;
      /** Set when the run is one shard of a sharded run (`--shard I/N`). */
      shard?: ShardRecord;
    }
  | {
      kind: 'play_start';
      play: number;
      name: string;
      pattern: string;
      hosts: string[];
      /** A `partition_by` play's hosts by partition key (the k3s playbooks: by cluster). */
      partitions?: Record<string, string[]>;
    }
  | { kind: 'task_start'; task: TaskRef; hosts: string[] }
  | {
      /** A `partition_by` partition stopped (any_errors_fatal, max_fail_percentage): its hosts leave the run. */
      kind: 'partition_stopped';
      play: number;
      partition: string;
      hosts: string[];
      reason: string;
    }
  | {
      kind: 'host_result';
      task: TaskRef;
      host: string;
      status: HostStatus;
      /** Failed but `ignore_errors` (counted as ignored, not failed). */
      ignored: boolean;
      /** The registered-shaped result (redacted). */
      result: Record<string, unknown>;
      /** Set when the task ran delegated to another host. */
      delegatedTo?: string;
      /** Failed inside a block whose `rescue` ran (counted as rescued, not failed). */
      rescued?: boolean;
      durationMs: number;
    }
  | {
      kind: 'item_result';
      task: TaskRef;
      host: string;
      status: HostStatus;
      /** The item's label (`loop_control.label`, else the item itself), as Python's `str()` shows it. */
      label: string;
      result: Record<string, unknown>;
      /** Set when the item ran delegated to another host. */
      delegatedTo?: string;
    }
  | {
      /** An `until` condition did not hold yet; the task runs again (Ansible's `FAILED - RETRYING`). */
      kind: 'retry';
      task: TaskRef;
      host: string;
      attempt: number;
      retriesLeft: number;
      result: Record<string, unknown>;
    }
  | {
      /**
       * `include_tasks` loaded `file` for `hosts` (Ansible's `included: FILE for h1, h2` line), or
       * `include_role` loaded the role `role` from the directory `file` (a line Ansible does not print).
       */
      kind: 'included';
      task: TaskRef;
      file: string;
      hosts: string[];
      role?: string;
      /** The loop item's label, when the include has a `loop` (Ansible's `=> (item=LABEL)`). */
      item?: string;
    }
  | { kind: 'warning'; message: string; host?: string }
  | {
      kind: 'records';
      table: string;
      host: string;
      rows: Record<string, unknown>[];
      /** Column order when printed (`publish columns:`); else the order columns first appear. */
      columns?: string[];
      /** Columns to sort the printed table by; else by host, then in publication order. */
      sortBy?: string[];
    }
  | { kind: 'play_end'; play: number }
  | {
      kind: 'run_end';
      stats: Record<string, HostStats>;
      exitCode: number;
      interrupted: boolean;
      durationMs: number;
      /** Present when the run was interrupted: what its cleanup did, host by host. */
      cleanup?: CleanupSummary;
    };

/** How one host came out of the cleanup. */
export interface CleanupHost {
  /**
   * `cleaned`: every cleanup task that concerned it ran and none failed; `incomplete`: a task
   * failed, or the deadline or an interrupt stopped the cleanup before it was done;
   * `unreachable`: it could not take part (unreachable before or during the cleanup);
   * `none`: it was inside no block with an `always:` section.
   */
  status: 'cleaned' | 'incomplete' | 'unreachable' | 'none';
  /** Cleanup tasks that ran on it (skipped ones included). */
  tasks: number;
  /** Every cleanup task that failed or could not reach it, with its message (ignored ones too). */
  problems: string[];
  /** Names from `certbook_holds` held at the interrupt and no longer held after the cleanup. */
  released: string[];
  /** Names still in `certbook_holds` at the end: what the run leaves behind. */
  held: string[];
}

/** The cleanup of an interrupted run (src/runner/interrupt-cleanup.ts), on `run_end` and in the report. */
export interface CleanupSummary {
  /** `done`: every `always:` section ran; `deadline`, `skipped` (a further interrupt) or `disabled` (timeout 0) stopped it. */
  ended: 'done' | 'deadline' | 'skipped' | 'disabled';
  timeoutMs: number;
  /** From the first cleanup task to the end (0 when none ran). */
  durationMs: number;
  hosts: Record<string, CleanupHost>;
}

/** Anything that wants to hear about a run. Listeners must not throw; they never steer. */
export type RunListener = (event: RunEvent) => void;

/** A zero-valued counter set. */
export function emptyStats(): HostStats {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
}
