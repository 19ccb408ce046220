/**
 * certbook's start-up, as a user meets it: `node bin/certbook.js --version` and
 * `node bin/certbook.js run check-expiry --syntax-check` (everything before the first host is
 * contacted), each run `runs` times after one unmeasured warm-up run, wall time's median kept
 * (and the median CPU from GNU time). bin/ runs the bundle in dist/ only when it is fresh, so
 * the benchmark builds it first and checks, from `--version`'s "running code" line, which code
 * actually ran.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, median } from './measure.js';
import { machineBusyMs } from './proc-cpu.js';

const root = join(import.meta.dirname, '..', '..');
const BIN = join(root, 'bin', 'certbook.js');

/** One start-up command's numbers. */
export interface StartupPoint {
  /** The certbook arguments, e.g. `--version`. */
  command: string;
  /** Median wall time, ms. */
  medianMs: number;
  /** Median CPU (user + system, with its worker threads and children), ms; undefined without GNU time. */
  cpuMs?: number;
  /** Every run's wall time, ms, in order. */
  runsMs: number[];
  problem?: string;
}

/** The start-up numbers and what code produced them. */
export interface StartupResult {
  points: StartupPoint[];
  /** Whether bin/certbook.js ran the built bundle (dist/) rather than tsx. */
  builtCode: boolean;
  /** How busy the whole machine was meanwhile, % of all its cores (other users' work included): a wall time's context. */
  machineBusyPct: number;
}

/** The two commands whose start-up issue 14 targets. */
export const STARTUP_COMMANDS: readonly string[][] = [['--version'], ['run', 'check-expiry', '--syntax-check']];

/** `node scripts/build.mjs --quiet`; returns an error message, or undefined when it built. */
export function buildBundle(): string | undefined {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? undefined : `node scripts/build.mjs failed (exit ${r.status}): ${`${r.stderr}${r.stdout}`.trim().slice(-500)}`;
}

/** Whether `bin/certbook.js` runs dist/ right now (its `--version` says which code runs). */
export function runsBuiltCode(): boolean {
  const r = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
  return /running code = dist\//.test(r.stdout);
}

/** Measures each of {@link STARTUP_COMMANDS} `runs` times, from a scratch directory (no project files around). */
export async function measureStartup(runs: number, log: (line: string) => void): Promise<StartupResult> {
  const dir = mkdtempSync(join(tmpdir(), 'certbook-startup-'));
  try {
    const builtCode = runsBuiltCode();
    const busyBefore = machineBusyMs();
    const started = performance.now();
    const points: StartupPoint[] = [];
    for (const args of STARTUP_COMMANDS) {
      const once = () => measure({ command: process.execPath, args: [BIN, ...args], cwd: dir, stdoutFile: join(dir, 'out.txt') });
      await once(); // warm-up: file cache, node's compile cache
      const measured = [];
      for (let i = 0; i < runs; i++) measured.push(await once());
      const failed = measured.find((m) => m.exitCode !== 0);
      const cpus = measured.flatMap((m) => (m.cpuMs === undefined ? [] : [m.cpuMs]));
      const point: StartupPoint = {
        command: args.join(' '),
        medianMs: Math.round(median(measured.map((m) => m.wallMs))),
        ...(cpus.length ? { cpuMs: median(cpus) } : {}),
        runsMs: measured.map((m) => Math.round(m.wallMs)),
        ...(failed
          ? { problem: `exit ${failed.exitCode}: ${`${failed.stderr}${readFileSync(failed.stdoutFile, 'utf8')}`.trim().slice(-300)}` }
          : {}),
      };
      log(
        `  certbook ${point.command}: median ${point.medianMs} ms wall${point.cpuMs === undefined ? '' : `, ${point.cpuMs} ms CPU`} ` +
          `(runs: ${point.runsMs.join(', ')})${point.problem ? ` PROBLEM: ${point.problem}` : ''}`,
      );
      points.push(point);
    }
    const machineBusyPct = Math.round(((machineBusyMs() - busyBefore) * 100) / ((performance.now() - started) * cpus().length));
    log(`  the machine was ${machineBusyPct}% busy meanwhile (every process, on ${cpus().length} cores)`);
    return { points, builtCode, machineBusyPct };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
