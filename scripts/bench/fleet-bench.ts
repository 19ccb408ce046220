/**
 * The fleet benchmark proper: one real OpenSSH sshd on loopback (MaxStartups and MaxSessions
 * raised in its own config), and for each fleet size a fresh fleet whose hosts are all aliases
 * of that sshd, each with its own data dir; then the floor, certbook and ansible-playbook on it
 * with the same forks. The floor and certbook run `repeat` times, alternating, and the median of
 * each number is kept.
 * Besides the tool's own CPU (GNU time), each run records the whole machine's CPU (proc-cpu.ts),
 * read once sshd has no connection of the run left.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSshd, type TestSshd } from '../../test/harness/sshd.js';
import { type FleetFiles, writeFleetFiles } from './fleet-files.js';
import { type BenchFleet, buildFleet } from './fleet-layout.js';
import { runAnsible, runCertbook, runFloor, type ToolResult } from './fleet-tools.js';
import { median } from './measure.js';
import { machineBusyMs, waitForNoChildren } from './proc-cpu.js';

/** How the fleet benchmark runs. */
export interface FleetBenchOptions {
  sizes: number[];
  forks: number;
  /** Runs of the floor and certbook per size (median kept); ansible runs once. */
  repeat: number;
  /** Largest fleet ansible-playbook is run on (it is the slow one). */
  ansibleUpTo: number;
  /** Servers per fleet (the rest are agents). */
  servers: number;
  keepFiles: boolean;
  log: (line: string) => void;
}

/** One row of the table. */
export interface FleetRow {
  n: number;
  tool: ToolResult['tool'];
  what: string;
  /** Median wall time of the runs. */
  wallMs: number;
  perHostMs: number;
  /** Median CPU (user + system) of the tool's process tree (GNU time): the controller's side. */
  cpuMs?: number;
  /** Median CPU of every process on the machine during the run (/proc/stat), other users' work included. */
  machineCpuMs?: number;
  rssMb?: number;
  /** wall / the floor's wall on the same fleet. */
  ratioToFloor?: number;
  runs: number;
  /** Set when any run's output was incomplete or it failed (the first such run's problem). */
  problem?: string;
}

/** One run of a tool with the machine-side numbers around it. */
interface SampledRun extends ToolResult {
  machineCpuMs: number;
}

/** sshd's own limits for the benchmark: every host alias's connection at once, and then some. */
export const BENCH_SSHD_MAX_SESSIONS = 64;

/** The PATH an SSH session gets after the fleet's command directory (Debian's default). */
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The benchmark's sshd and the PATH link every session starts with (pointed at each fleet's `k3s`). */
export interface BenchSshd {
  sshd: TestSshd;
  /** The sshd listener's process id (its PidFile): the run is over when it has no connection left. */
  pid: number;
  /** A symbolic link, first on every session's PATH; {@link useFleetCommands} re-points it. */
  pathLink: string;
  stop(): Promise<void>;
}

/** Starts the sshd every fleet uses. */
export async function startBenchSshd(): Promise<BenchSshd> {
  const pathLink = join(tmpdir(), `certbook-bench-path-${process.pid}`);
  const sshd = await startSshd({
    maxSessions: BENCH_SSHD_MAX_SESSIONS,
    extraConfig: ['MaxStartups 2000:100:4000', 'UseDNS no', `SetEnv PATH=${pathLink}:${SYSTEM_PATH}`],
  });
  const pid = Number(readFileSync(join(sshd.dir, 'sshd.pid'), 'utf8').trim());
  return {
    sshd,
    pid,
    pathLink,
    stop: async () => {
      rmSync(pathLink, { force: true });
      await sshd.stop();
    },
  };
}

/** Points the sessions' PATH link at `dir` (a fleet's node commands). */
export function useFleetCommands(pathLink: string, dir: string): void {
  rmSync(pathLink, { force: true });
  symlinkSync(dir, pathLink);
}

/** Runs every size; returns the rows in order (floor, certbook, ansible per size). */
export async function runFleetBench(bench: BenchSshd, options: FleetBenchOptions): Promise<FleetRow[]> {
  const { sshd } = bench;
  const rows: FleetRow[] = [];
  for (const n of options.sizes) {
    const dir = mkdtempSync(join(tmpdir(), `certbook-bench-${n}-`));
    chmodSync(dir, 0o755); // the ssh user reads the data dirs
    let fleet: BenchFleet | undefined;
    try {
      const started = performance.now();
      fleet = await buildFleet(dir, n, Math.min(options.servers, n), sshd.user);
      options.log(
        `fleet of ${n} (${fleet.nodes.filter((x) => x.role === 'server').length} servers): simulated in ${Math.round(performance.now() - started)} ms`,
      );
      useFleetCommands(bench.pathLink, fleet.binDir);
      const files = writeFleetFiles(fleet, {
        port: sshd.port,
        user: sshd.user,
        keyFile: sshd.keyFile,
        knownHostsFile: sshd.knownHostsFile,
      });
      rows.push(...(await benchOne(fleet, files, bench.pid, options)));
    } finally {
      await fleet?.stop();
      if (options.keepFiles) options.log(`kept ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

async function benchOne(fleet: BenchFleet, files: FleetFiles, sshdPid: number, o: FleetBenchOptions): Promise<FleetRow[]> {
  const n = fleet.nodes.length;
  const sampled = (fn: () => Promise<ToolResult>) => sampleRun(fn, sshdPid, o.log);
  // The floor and certbook alternate, so a change in the shared machine's load falls on both.
  const floorRuns: SampledRun[] = [];
  const certbookRuns: SampledRun[] = [];
  for (let i = 0; i < o.repeat; i++) {
    floorRuns.push(await sampled(() => runFloor(fleet, files, o.forks)));
    certbookRuns.push(await sampled(() => runCertbook(fleet, files, o.forks)));
  }
  const floor = medians(floorRuns);
  const results = [floor, medians(certbookRuns)];
  if (n <= o.ansibleUpTo) results.push(medians([await sampled(() => runAnsible(fleet, files, o.forks))]));
  return results.map((r) => ({
    ...r,
    n,
    perHostMs: Math.round((r.wallMs / n) * 10) / 10,
    ratioToFloor: Math.round((r.wallMs / floor.wallMs) * 100) / 100,
  }));
}

/** Runs `fn` with the machine's CPU read before and after (once sshd has no connection left). */
async function sampleRun(fn: () => Promise<ToolResult>, sshdPid: number, log: (line: string) => void): Promise<SampledRun> {
  const machine = machineBusyMs();
  const r = await fn();
  const settled = await waitForNoChildren(sshdPid);
  const run = { ...r, machineCpuMs: machineBusyMs() - machine };
  const s = (ms: number | undefined) => (ms === undefined ? '?' : `${(ms / 1000).toFixed(2)} s`);
  log(
    `  ${r.tool}: ${Math.round(r.wallMs)} ms wall, CPU ${s(r.cpuMs)}, machine ${s(run.machineCpuMs)}` +
      `${settled ? '' : ' (connections still open)'}${r.problem ? ` (PROBLEM: ${r.problem})` : ''}`,
  );
  return run;
}

/** One tool's runs as a row: the median of each number, and the first problem any run had. */
function medians(runs: readonly SampledRun[]): Omit<FleetRow, 'n' | 'perHostMs'> {
  const first = runs[0]!;
  const mid = (pick: (r: SampledRun) => number | undefined): number | undefined => {
    const values = runs.map(pick).filter((v): v is number => v !== undefined);
    return values.length ? median(values) : undefined;
  };
  const problem = runs.find((r) => r.problem)?.problem;
  const cpuMs = mid((r) => r.cpuMs);
  const rssMb = mid((r) => r.rssMb);
  return {
    tool: first.tool,
    what: first.what,
    wallMs: Math.round(median(runs.map((r) => r.wallMs))),
    ...(cpuMs !== undefined ? { cpuMs } : {}),
    ...(rssMb !== undefined ? { rssMb } : {}),
    machineCpuMs: Math.round(median(runs.map((r) => r.machineCpuMs))),
    runs: runs.length,
    ...(problem ? { problem } : {}),
  };
}
