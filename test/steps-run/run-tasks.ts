/**
 * Runs a one-play playbook of `tasks` through the CLI (plain output, a JSON report) and returns
 * each task's first result by task name: for the steps whose behaviour only shows in a run
 * (`reboot`, `wait_for_connection`, `meta: reset_connection`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../cli/run-cli.js';

/** One host's result of one task, as the report has it. */
export interface TaskResult {
  status: string;
  result: Record<string, unknown>;
}

/** What the run printed and returned, and the results by task name. */
export interface TasksRun {
  code: number;
  /** stdout and stderr, for assertion messages. */
  out: string;
  results: Record<string, TaskResult>;
}

/** Writes `dir/pb.yaml` (a play on `hosts` without facts) and runs it with `dir/inv.yaml`. */
export async function runTasks(
  dir: string,
  tasks: readonly string[],
  options: { hosts?: string; args?: readonly string[] } = {},
): Promise<TasksRun> {
  writeFileSync(
    join(dir, 'pb.yaml'),
    [`- hosts: ${options.hosts ?? 'all'}`, '  gather_facts: false', '  tasks:', ...tasks.map((t) => `    ${t}`), ''].join('\n'),
  );
  const report = join(dir, 'report.json');
  const r = await runCli(
    ['run', join(dir, 'pb.yaml'), '-i', join(dir, 'inv.yaml'), '--renderer', 'plain', '--report', report, ...(options.args ?? [])],
    { cwd: dir },
  );
  const json = JSON.parse(readFileSync(report, 'utf8')) as { plays: Array<{ tasks: Array<{ name: string; results: TaskResult[] }> }> };
  const results: Record<string, TaskResult> = {};
  for (const t of json.plays.flatMap((p) => p.tasks)) if (t.results[0]) results[t.name] = t.results[0];
  return { code: r.code, out: r.stdout + r.stderr, results };
}
