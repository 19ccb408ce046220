/**
 * The shape of `--report FILE.json`: the whole run in one document, for schedulers, dashboards
 * and audits. `schemas/report.schema.json` describes the same shape for consumers; a test keeps
 * the two in step by validating real reports against the schema.
 */
import type { SourcePosition } from '../errors/problem.js';
import type { CleanupSummary, HostStats, HostStatus, TaskRef } from '../events/run-events.js';
import type { ShardRecord } from '../events/shard-record.js';
import type { RecordRow } from './record-book.js';

/** Bumped when a field changes meaning or disappears (adding fields does not bump it). */
export const REPORT_FORMAT_VERSION = 1;

/** The whole run. */
export interface RunReport {
  reportVersion: typeof REPORT_FORMAT_VERSION;
  certbook: { version: string };
  playbook: string;
  check: boolean;
  diff: boolean;
  /** ISO 8601 times; `finishedAt`/`durationMs`/`exitCode` are null when the run never reported its end. */
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  exitCode: number | null;
  interrupted: boolean;
  /** The run reported its end (false: the report was written from a run that crashed or was killed). */
  complete: boolean;
  /** Every host the run targeted. */
  hosts: string[];
  /** Ansible's recap counters per host. */
  stats: Record<string, HostStats>;
  plays: PlayReport[];
  /** Tables filled by `publish`, rows in print order (`sortBy`: the columns that order is sorted by, when the table has them). */
  records: Record<string, { columns: string[]; rows: RecordRow[]; sortBy?: string[] }>;
  warnings: Array<{ message: string; host?: string }>;
  /** `partition_by` partitions that stopped and left the run, with why (the k3s playbooks: clusters). */
  partitionsStopped: Array<{ play: number; partition: string; hosts: string[]; reason: string }>;
  /**
   * Present when the run was interrupted: the cleanup it ran (the `always:` sections in
   * progress), and per host what it released and what it leaves behind (`held`).
   */
  cleanup?: CleanupSummary;
  /**
   * Present when the run was one shard (`--shard I/N`): which, and the units (hosts kept
   * together) it was given. A merged report (`certbook report merge`) has `merged` instead.
   */
  shard?: ShardRecord;
  /** Present in the report `certbook report merge` wrote: the shards it was made from. */
  merged?: MergedFrom;
}

/** The shards a merged report was made from. */
export interface MergedFrom {
  /** N of the shards (`I/N`), or null when the reports merged were whole runs (one per site, say). */
  count: number | null;
  /** One entry per report merged, in shard order: its shard index (null for a whole run), file, hosts and exit code. */
  reports: Array<{ shard: number | null; file: string; hosts: number; exitCode: number | null }>;
}

/** One play. */
export interface PlayReport {
  play: number;
  name: string;
  pattern: string;
  hosts: string[];
  startedAt: string;
  durationMs: number | null;
  tasks: TaskReport[];
  /** A `partition_by` play's hosts by partition key (the k3s playbooks: by cluster), as the play split them. */
  partitions?: Record<string, string[]>;
}

/** One task (or handler) as it ran in a play. */
export interface TaskReport {
  id: string;
  name: string;
  section: TaskRef['section'];
  step: string;
  pos?: SourcePosition;
  /** The role the task belongs to (its `name` is then `role : name`). */
  role?: string;
  startedAt: string;
  durationMs: number | null;
  /** The hosts the task was started for. */
  hosts: string[];
  /** One entry per host result, in the order they arrived. */
  results: HostTaskResult[];
}

/** How one host ended one task. */
export interface HostTaskResult {
  host: string;
  status: HostStatus;
  ignored: boolean;
  rescued: boolean;
  delegatedTo?: string;
  durationMs: number | null;
  /** The registered-shaped result, redacted. */
  result: Record<string, unknown>;
  /** Loop items, in order, when the task looped. */
  items?: ItemReport[];
  /** The host's final result never arrived (the run ended mid-loop); `status` is its last item's. */
  incomplete?: boolean;
}

/** One loop item. */
export interface ItemReport {
  label: string;
  status: HostStatus;
  result: Record<string, unknown>;
  delegatedTo?: string;
}
