/**
 * Runs one tool as a child process and measures it from outside: wall time here, CPU time
 * (user + system, the tool and every process it waited for) and peak RSS (its largest single
 * process) from GNU time's `-v` report. Without /usr/bin/time only wall time is known.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';

/** What one run of a tool cost. */
export interface Measurement {
  wallMs: number;
  /** user + system CPU, ms; undefined without /usr/bin/time. */
  cpuMs?: number;
  /** Peak resident set size of the largest process, MB. */
  rssMb?: number;
  exitCode: number | null;
  /** Where its stdout went. */
  stdoutFile: string;
  /** Its stderr (GNU time's report stripped). */
  stderr: string;
}

/** How to run a tool. */
export interface ToolRun {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdoutFile: string;
}

export const GNU_TIME = '/usr/bin/time';

/** Runs `run` to completion and measures it. */
export async function measure(run: ToolRun): Promise<Measurement> {
  const timed = existsSync(GNU_TIME);
  const [cmd, args] = timed ? [GNU_TIME, ['-v', run.command, ...run.args]] : [run.command, run.args];
  const out = openSync(run.stdoutFile, 'w');
  const started = performance.now();
  const child = spawn(cmd, args, { cwd: run.cwd, env: { ...process.env, ...run.env }, stdio: ['ignore', out, 'pipe'] });
  const chunks: Buffer[] = [];
  child.stderr?.on('data', (c: Buffer) => chunks.push(c));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  const wallMs = performance.now() - started;
  closeSync(out);
  const stderr = Buffer.concat(chunks).toString('utf8');
  const report = timed ? parseGnuTime(stderr) : { rest: stderr };
  return {
    wallMs,
    exitCode,
    stdoutFile: run.stdoutFile,
    stderr: report.rest,
    ...(report.cpuMs !== undefined ? { cpuMs: report.cpuMs } : {}),
    ...(report.rssMb !== undefined ? { rssMb: report.rssMb } : {}),
  };
}

/** Splits GNU time's `-v` report (the last lines of stderr) from the tool's own stderr. */
export function parseGnuTime(stderr: string): { cpuMs?: number; rssMb?: number; rest: string } {
  const at = stderr.lastIndexOf('\tCommand being timed:');
  if (at < 0) return { rest: stderr };
  const report = stderr.slice(at);
  const num = (label: string) => Number(new RegExp(`${label}: ([\\d.]+)`).exec(report)?.[1] ?? NaN);
  const cpu = (num('User time \\(seconds\\)') + num('System time \\(seconds\\)')) * 1000;
  const rssKb = num('Maximum resident set size \\(kbytes\\)');
  return {
    rest: stderr.slice(0, at),
    ...(Number.isFinite(cpu) ? { cpuMs: Math.round(cpu) } : {}),
    ...(Number.isFinite(rssKb) ? { rssMb: Math.round(rssKb / 102.4) / 10 } : {}),
  };
}

/** How many PEM certificates a tool's output file holds (a sanity check that it really read them). */
export function countPemBlocks(file: string): number {
  return readFileSync(file, 'utf8').split('BEGIN CERTIFICATE').length - 1;
}

/** The median: the middle value, or the mean of the two middle ones for an even count. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
}
