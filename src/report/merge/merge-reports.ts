/**
 * `certbook report merge`: shard reports (checked by merge-refusals.ts) joined into the report
 * one run over all their hosts would have written: hosts, recap, records (in the order one run
 * prints them), partitions, warnings, the cleanup, and the exit code by the README's precedence.
 * The plays are joined in merge-plays.ts. Nothing here reads a file; the shards' reports are
 * not changed, and parts of them (results, rows) are shared with the merged report.
 */
import type { CleanupSummary } from '../../events/run-events.js';
import { compareRows, type RecordRow } from '../record-book.js';
import { REPORT_FORMAT_VERSION, type RunReport } from '../run-report.js';
import { worstExitCode } from './merge-exit-code.js';
import { earliest, mergePlays } from './merge-plays.js';
import type { ShardReport } from './shard-reports.js';

/** The one report of `shards` (given in any order; merged in shard order). */
export function mergeReports(shards: readonly ShardReport[]): RunReport {
  const ordered = [...shards].sort((a, b) => (a.report.shard?.index ?? 0) - (b.report.shard?.index ?? 0));
  const reports = ordered.map((s) => s.report);
  const first = reports[0]!;
  const finished = reports.map((r) => r.finishedAt);
  const startedAt = earliest(reports.map((r) => r.startedAt));
  const finishedAt = finished.some((f) => f === null) ? null : finished.reduce((a, b) => (Date.parse(b!) > Date.parse(a!) ? b : a));
  const merged: RunReport = {
    reportVersion: REPORT_FORMAT_VERSION,
    certbook: { version: first.certbook.version },
    playbook: first.playbook,
    check: first.check,
    diff: first.diff,
    startedAt,
    finishedAt,
    durationMs: finishedAt === null ? null : Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)),
    exitCode: worstExitCode(reports.map((r) => r.exitCode)),
    interrupted: reports.some((r) => r.interrupted),
    complete: reports.every((r) => r.complete),
    hosts: reports.flatMap((r) => r.hosts),
    stats: Object.assign({}, ...reports.map((r) => structuredClone(r.stats))),
    plays: mergePlays(reports.map((r) => r.plays)),
    records: mergeRecords(reports),
    warnings: mergeWarnings(ordered),
    partitionsStopped: reports.flatMap((r) => structuredClone(r.partitionsStopped)),
    merged: {
      count: first.shard?.count ?? null,
      reports: ordered.map(({ file, report }) => ({
        shard: report.shard?.index ?? null,
        file,
        hosts: report.hosts.length,
        exitCode: report.exitCode,
      })),
    },
  };
  const cleanup = mergeCleanup(reports.flatMap((r) => (r.cleanup ? [r.cleanup] : [])));
  if (cleanup) merged.cleanup = cleanup;
  return merged;
}

/** Each table's rows from every shard, in the order the table's own sort gives one run. */
function mergeRecords(reports: readonly RunReport[]): RunReport['records'] {
  const names = [...new Set(reports.flatMap((r) => Object.keys(r.records)))].sort();
  return Object.fromEntries(
    names.map((name) => {
      const tables = reports.flatMap((r) => (r.records[name] ? [r.records[name]] : []));
      const columns = [...new Set(tables.flatMap((t) => t.columns))];
      const sortBy = tables.find((t) => t.sortBy)?.sortBy;
      // A host is in one shard only, so `seq` (the place in the concatenation) is its own publishing order.
      const rows = tables.flatMap((t) => t.rows).map((row, seq): RecordRow & { seq: number } => ({ ...row, seq }));
      rows.sort((a, b) => compareRows(a, b, sortBy ?? []));
      return [name, { columns, rows: rows.map(({ host, values }) => ({ host, values })), ...(sortBy ? { sortBy: [...sortBy] } : {}) }];
    }),
  );
}

/**
 * Every shard's warnings, a warning about no host (the same in each shard) once; and one
 * when the shards ran different certbook versions.
 */
function mergeWarnings(shards: readonly ShardReport[]): RunReport['warnings'] {
  const seen = new Set<string>();
  const out: RunReport['warnings'] = [];
  for (const { report } of shards) {
    for (const w of report.warnings) {
      const key = `${w.host ?? ''}\0${w.message}`;
      if (w.host === undefined && seen.has(key)) continue;
      seen.add(key);
      out.push({ ...w });
    }
  }
  const versions = [...new Set(shards.map((s) => s.report.certbook.version))];
  if (versions.length > 1) {
    out.push({
      message: `the shards ran different certbook versions: ${shards.map((s) => `${s.file} ${s.report.certbook.version}`).join(', ')}`,
    });
  }
  return out;
}

/** The cleanups of interrupted shards as one: every host's, the worst ending, the longest time. */
function mergeCleanup(cleanups: readonly CleanupSummary[]): CleanupSummary | undefined {
  if (cleanups.length === 0) return undefined;
  const endings: ReadonlyArray<CleanupSummary['ended']> = ['skipped', 'deadline', 'disabled', 'done'];
  return {
    ended: endings.find((e) => cleanups.some((c) => c.ended === e)) ?? 'done',
    timeoutMs: Math.max(...cleanups.map((c) => c.timeoutMs)),
    durationMs: Math.max(...cleanups.map((c) => c.durationMs)),
    hosts: Object.assign({}, ...cleanups.map((c) => structuredClone(c.hosts))),
  };
}
