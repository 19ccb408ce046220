/**
 * certbook's peak RSS as the fleet grows to 1,000 hosts. One sshd process per connection would
 * need gigabytes for 1,000 connections held open, so the hosts are aliases of an in-process SSH
 * server (ssh2's, from the test harness, running each command with /bin/sh); certbook itself is
 * a child process measured from outside, exactly as in the fleet table.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeSshServer } from '../../test/harness/fake-ssh-server.js';
import { writeFleetFiles } from './fleet-files.js';
import { type BenchFleet, buildFleet } from './fleet-layout.js';
import { runCertbook } from './fleet-tools.js';

/** Peak RSS of one certbook run on `hosts` hosts. */
export interface MemoryPoint {
  hosts: number;
  rssMb?: number;
  wallMs: number;
  problem?: string;
}

/** Runs certbook on fleets of each size (same forks) and reports its peak RSS. */
export async function measureMemory(sizes: number[], forks: number, servers: number, log: (line: string) => void): Promise<MemoryPoint[]> {
  const server = await startFakeSshServer();
  const points: MemoryPoint[] = [];
  try {
    for (const hosts of sizes) {
      const dir = mkdtempSync(join(tmpdir(), `certbook-mem-${hosts}-`));
      chmodSync(dir, 0o755);
      let fleet: BenchFleet | undefined;
      const path = process.env.PATH;
      try {
        fleet = await buildFleet(dir, hosts, Math.min(servers, hosts), 'root');
        // The in-process server runs commands as this process, with its PATH: the fleet's k3s first.
        process.env.PATH = `${fleet.binDir}:${path}`;
        const files = writeFleetFiles(fleet, server);
        const r = await runCertbook(fleet, files, forks);
        log(
          `  memory, ${hosts} hosts: ${r.rssMb ?? '?'} MB peak RSS, ${Math.round(r.wallMs)} ms${r.problem ? ` (PROBLEM: ${r.problem})` : ''}`,
        );
        points.push({
          hosts,
          wallMs: Math.round(r.wallMs),
          ...(r.rssMb !== undefined ? { rssMb: r.rssMb } : {}),
          ...(r.problem ? { problem: r.problem } : {}),
        });
      } finally {
        process.env.PATH = path;
        await fleet?.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await server.stop();
  }
  return points;
}

/** Whether RSS grows no faster than linearly: MB per extra host between each pair of sizes. */
export function growthPerHost(points: readonly MemoryPoint[]): { from: number; to: number; kbPerHost: number }[] {
  const out: { from: number; to: number; kbPerHost: number }[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (a.rssMb === undefined || b.rssMb === undefined) continue;
    out.push({ from: a.hosts, to: b.hosts, kbPerHost: Math.round(((b.rssMb - a.rssMb) * 1024) / (b.hosts - a.hosts)) });
  }
  return out;
}
