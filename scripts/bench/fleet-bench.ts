/**
 * The fleet benchmark proper: one real OpenSSH sshd on loopback (MaxStartups and MaxSessions
 * raised in its own config), and for each fleet size a fresh fleet whose hosts are all aliases
 * of that sshd, each with its own data dir; then the floor, certbook and ansible-playbook on it
 * with the same forks. Runs that are cheap are repeated and the median kept.
 */
import { chmodSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSshd, type TestSshd } from '../../test/harness/sshd.js';
import { type FleetFiles, writeFleetFiles } from './fleet-files.js';
import { type BenchFleet, buildFleet } from './fleet-layout.js';
import { runAnsible, runCertbook, runFloor, type ToolResult } from './fleet-tools.js';

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
  wallMs: number;
  perHostMs: number;
  cpuMs?: number;
  rssMb?: number;
  /** wall / the floor's wall on the same fleet. */
  ratioToFloor?: number;
  runs: number;
  problem?: string;
}

/** sshd's own limits for the benchmark: every host alias's connection at once, and then some. */
export const BENCH_SSHD_MAX_SESSIONS = 64;

/** The PATH an SSH session gets after the fleet's command directory (Debian's default). */
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The benchmark's sshd and the PATH link every session starts with (pointed at each fleet's `k3s`). */
export interface BenchSshd {
  sshd: TestSshd;
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
  return {
    sshd,
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
      rows.push(...(await benchOne(fleet, files, options)));
    } finally {
      await fleet?.stop();
      if (options.keepFiles) options.log(`kept ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

async function benchOne(fleet: BenchFleet, files: FleetFiles, o: FleetBenchOptions): Promise<FleetRow[]> {
  const n = fleet.nodes.length;
  const floor = await median(o.repeat, () => runFloor(fleet, files, o.forks), o.log);
  const certbook = await median(o.repeat, () => runCertbook(fleet, files, o.forks), o.log);
  const results = [floor, certbook];
  if (n <= o.ansibleUpTo) results.push(await median(1, () => runAnsible(fleet, files, o.forks), o.log));
  return results.map((r) => ({
    n,
    tool: r.tool,
    what: r.what,
    wallMs: Math.round(r.wallMs),
    perHostMs: Math.round((r.wallMs / n) * 10) / 10,
    ...(r.cpuMs !== undefined ? { cpuMs: r.cpuMs } : {}),
    ...(r.rssMb !== undefined ? { rssMb: r.rssMb } : {}),
    ratioToFloor: Math.round((r.wallMs / floor.wallMs) * 100) / 100,
    runs: r.tool === 'ansible-playbook' ? 1 : o.repeat,
    ...(r.problem ? { problem: r.problem } : {}),
  }));
}

/** Runs `fn` `times` times; keeps the run with the median wall time. */
async function median(times: number, fn: () => Promise<ToolResult>, log: (line: string) => void): Promise<ToolResult> {
  const runs: ToolResult[] = [];
  for (let i = 0; i < times; i++) {
    const r = await fn();
    log(`  ${r.tool}: ${Math.round(r.wallMs)} ms${r.problem ? ` (PROBLEM: ${r.problem})` : ''}`);
    runs.push(r);
  }
  runs.sort((a, b) => a.wallMs - b.wallMs);
  return runs[Math.floor((runs.length - 1) / 2)]!;
}
