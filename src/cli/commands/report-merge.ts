/**
 * `certbook report merge SHARD.json… --report FLEET.json [--metrics F] [--junit F] [--html F] [--expect N]`:
 * the shards' reports as one run's, written with the writers `run` uses. Output paths are
 * checked first (exit 5); reports that cannot be merged are refused with every reason and
 * nothing is written (exit 4); otherwise the exit code is the merged run's (the worst
 * shard's), or 1 instead of 0 when an output could not be written, as `run` does.
 */
import { resolve } from 'node:path';
import type { ReportJson } from '../../report/html/fleet-view.js';
import { writeHtmlReport } from '../../report/html/write-html-report.js';
import { writeJunit } from '../../report/junit.js';
import { mergeRefusals } from '../../report/merge/merge-refusals.js';
import { mergeReports } from '../../report/merge/merge-reports.js';
import { type MergeRefusal, readShardReports } from '../../report/merge/shard-reports.js';
import { formatMetrics } from '../../report/metrics.js';
import { writeOutputFile } from '../../report/output-file.js';
import type { RunReport } from '../../report/run-report.js';
import { reportJson, writeReport } from '../../report/write-report.js';
import { modeOption } from '../args/output-mode-arg.js';
import type { ReportOptions } from '../args/report-spec.js';
import { EXIT, exitAfterOutputs } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { printOptionProblems } from '../print-problems.js';
import { checkOutputPaths, type OutputFailure, writeOne } from './output-files.js';

const COMMAND = 'report merge';

/** Merges and writes; returns the exit code. */
export function reportMergeCommand(options: ReportOptions, io: CliIo): number {
  const outputs = { ...pick(options, 'report'), ...pick(options, 'metrics'), ...pick(options, 'junit'), ...pick(options, 'html') };
  const pathProblems = checkOutputPaths(outputs, io);
  if (pathProblems.length > 0) {
    printOptionProblems(io.stderr, pathProblems, 'report');
    return EXIT.BAD_OPTIONS;
  }
  const { reports, refusals } = readShardReports(options.reports.map((name) => ({ path: resolve(io.cwd, name), name })));
  refusals.push(...mergeRefusals(reports, options.expect));
  if (refusals.length > 0) return refuse(refusals, io);
  const merged = mergeReports(reports);
  const failures = write(merged, outputs, io, options.outputMode);
  io.stdout.write(`${summary(merged)}\n`);
  return exitAfterOutputs(merged.exitCode ?? EXIT.INTERNAL_ERROR, failures.length);
}

function pick(options: ReportOptions, key: 'report' | 'metrics' | 'junit' | 'html'): Partial<Record<typeof key, string>> {
  return options[key] === undefined ? {} : { [key]: options[key] };
}

function refuse(refusals: readonly MergeRefusal[], io: CliIo): number {
  const text = refusals.map((r) => `error: ${r.message}${r.hint ? `\n  hint: ${r.hint}` : ''}`).join('\n');
  io.stderr.write(`${text}\ncertbook report merge: nothing written: the reports are not one run's\n`);
  return EXIT.LOAD_FAILED;
}

/** Writes every asked output on its own (a failure named, the others still written). */
function write(
  merged: RunReport,
  outputs: Partial<Record<'report' | 'metrics' | 'junit' | 'html', string>>,
  io: CliIo,
  mode: number | undefined,
): OutputFailure[] {
  const streams = { stdout: io.stdout, stderr: io.stderr, ...modeOption(mode) };
  const failures: Array<OutputFailure | undefined> = [];
  const at = (path: string): string => resolve(io.cwd, path);
  const { report, metrics, junit, html } = outputs;
  if (report) failures.push(writeOne('--report', report, io, () => writeReport(at(report), merged, streams), COMMAND));
  if (junit) failures.push(writeOne('--junit', junit, io, () => writeJunit(at(junit), merged, streams), COMMAND));
  if (html)
    failures.push(
      writeOne(
        '--html',
        html,
        io,
        () => writeHtmlReport(at(html), [JSON.parse(reportJson(merged, new Set())) as ReportJson], streams),
        COMMAND,
      ),
    );
  if (metrics)
    failures.push(
      writeOne('--metrics', metrics, io, () => writeOutputFile(at(metrics), formatMetrics(metricsInput(merged)), streams), COMMAND),
    );
  return failures.filter((f) => f !== undefined);
}

/** What `--metrics` is made of, from the merged report (its end: the last shard's). */
function metricsInput(report: RunReport): Parameters<typeof formatMetrics>[0] {
  return {
    exitCode: report.exitCode ?? EXIT.INTERNAL_ERROR,
    finishedAt: new Date(report.finishedAt ?? report.startedAt),
    durationMs: report.durationMs ?? 0,
    stats: report.stats,
    records: Object.fromEntries(Object.entries(report.records).map(([name, t]) => [name, t.rows.map((r) => r.values)])),
    playbook: report.playbook,
  };
}

/** One line: what was merged, and the result. */
function summary(report: RunReport): string {
  const shards = report.merged?.reports ?? [];
  const each = shards.map(
    (s) =>
      `${s.shard === null ? s.file : `${s.shard}/${report.merged?.count}`}: ${s.hosts} host${s.hosts === 1 ? '' : 's'}, exit ${s.exitCode ?? 'unknown'}`,
  );
  return `merged ${shards.length} report${shards.length === 1 ? '' : 's'} (${each.join('; ')}): ${report.hosts.length} hosts, exit ${report.exitCode}`;
}
