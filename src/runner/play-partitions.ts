/**
 * `partition_by`: a play's hosts split by a per-host value into partitions that each run as a
 * play of their own — their own `serial` batches, `run_once`, `any_errors_fatal` and
 * `max_fail_percentage` — side by side. Batch N of the play is the N-th batch of every
 * partition still going, so the linear strategy (and `--forks`) runs partitions in parallel
 * while each keeps its own order. A play without `partition_by` is one partition.
 *
 * Ansible has no such keyword: its `serial` is global, so a fleet of 100 three-server clusters
 * rolled out `serial: 1` would restart 300 servers one after the other.
 */

import { TemplateError } from '../template/errors.js';
import { plainData } from '../template/mark-unsafe.js';
import { renderTemplate } from '../template/render.js';
import type { Scope } from '../template/scope.js';
import type { RunContext } from './run-context.js';
import { serialBatches } from './serial-batches.js';

/** The key of the one partition of a play without `partition_by`. */
export const WHOLE_PLAY = '';

/** A play's hosts by partition key, in the order each key was first met. */
export interface Partitions {
  byKey: Map<string, string[]>;
  keyOf: Map<string, string>;
  /** Hosts whose key could not be rendered, with why. */
  errors: Map<string, string>;
}

/** Splits `hosts` by the rendered `template` (every host in one partition when it is undefined). */
export function partitionHosts(hosts: readonly string[], template: string | undefined, scopeOf: (host: string) => Scope): Partitions {
  const out: Partitions = { byKey: new Map(), keyOf: new Map(), errors: new Map() };
  for (const host of hosts) {
    let key = WHOLE_PLAY;
    if (template !== undefined) {
      try {
        key = keyText(plainData(renderTemplate(template, scopeOf(host))));
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        out.errors.set(host, `partition_by: ${error.message}`);
        continue;
      }
    }
    out.keyOf.set(host, key);
    const members = out.byKey.get(key) ?? [];
    members.push(host);
    out.byKey.set(key, members);
  }
  return out;
}

/** A rendered key as text: strings as they are, anything else as JSON (so `1` and `"1"` agree with Ansible's text). */
function keyText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * The play's batches: batch N holds the N-th `serial` batch of every partition that has one
 * and is not stopped (asked afresh before each batch, since a partition stops mid-play).
 */
export function* partitionedBatches(
  partitions: Partitions,
  serial: ReadonlyArray<number | string> | undefined,
  stopped: (key: string) => boolean,
): Generator<string[]> {
  const lists = [...partitions.byKey].map(([key, hosts]) => ({ key, batches: serialBatches(hosts, serial) }));
  for (let n = 0; ; n++) {
    const left = lists.filter((l) => n < l.batches.length);
    if (!left.length) return;
    const batch = left.filter((l) => !stopped(l.key)).flatMap((l) => l.batches[n]!);
    if (batch.length) yield batch;
  }
}

/** Which hosts of a stopped partition failed, and the first one's message. */
export function failureSummary(run: RunContext, hosts: readonly string[]): string {
  const bad = hosts.map((h) => run.host(h)).filter((s) => s.failed || s.unreachable);
  if (!bad.length) return 'stopped';
  const first = bad[0]!;
  const msg = String(first.lastFailure?.result.msg ?? '')
    .split('\n')[0]!
    .slice(0, 500);
  return `${bad.map((s) => s.name).join(', ')} ${first.unreachable && !first.failed ? 'unreachable' : 'failed'}${msg ? `: ${msg}` : ''}`;
}
