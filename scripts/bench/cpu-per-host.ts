/**
 * Controller CPU per host, certbook against OpenSSH's client, from the fleet rows. Both tools'
 * CPU is their process tree's (GNU time: xargs and every `ssh` it ran; certbook and every
 * process it ran). A run's CPU is a fixed part plus a part per host, and the fixed parts differ
 * (certbook starts Node, loads its parsers and playbook, asks the cluster once; xargs starts
 * almost nothing), so CPU/N would charge certbook's start-up to each host. Two figures remove it:
 *
 * - the slope between the smallest and the largest fleet of the run, (CPU(b) − CPU(a)) / (b − a)
 *   for each tool: what one more host costs, every fixed part cancelled the same way for both.
 *   This is the figure judged against the target whenever the run has two fleet sizes;
 * - at each size, certbook's (CPU − the CPU of `certbook run check-expiry --syntax-check`) / N
 *   against the floor's CPU / N: one run suffices, but certbook's once-per-run work beyond the
 *   syntax check (the TLS probe of each server, the Secret read with kubectl) still counts per host.
 */
import type { FleetRow } from './fleet-bench.js';

/** The per-host CPU of both tools at one fleet size, ms. */
export interface CpuAtSize {
  hosts: number;
  /** The floor's CPU / N. */
  floorMs: number;
  /** certbook's (CPU − the syntax check's CPU) / N; undefined when the syntax check was not measured. */
  certbookMs?: number;
}

/** The per-host CPU of both tools between two fleet sizes, ms. */
export interface CpuSlope {
  from: number;
  to: number;
  floorMs: number;
  certbookMs: number;
}

const tenth = (ms: number) => Math.round(ms * 10) / 10;

/** The rows with a usable CPU figure (run complete, GNU time present), by tool and size. */
function cpuOf(rows: readonly FleetRow[], tool: FleetRow['tool'], n: number): number | undefined {
  const row = rows.find((r) => r.n === n && r.tool === tool && !r.problem);
  return row?.cpuMs;
}

/** Sizes where both the floor and certbook have a CPU figure, ascending. */
function comparableSizes(rows: readonly FleetRow[]): number[] {
  const sizes = [...new Set(rows.map((r) => r.n))].sort((a, b) => a - b);
  return sizes.filter((n) => cpuOf(rows, 'ssh floor', n) !== undefined && cpuOf(rows, 'certbook', n) !== undefined);
}

/** Each size's per-host CPU; `syntaxCheckCpuMs` is certbook's fixed part (undefined: not subtracted, not given). */
export function cpuAtSizes(rows: readonly FleetRow[], syntaxCheckCpuMs: number | undefined): CpuAtSize[] {
  return comparableSizes(rows).map((n) => ({
    hosts: n,
    floorMs: tenth(cpuOf(rows, 'ssh floor', n)! / n),
    ...(syntaxCheckCpuMs === undefined ? {} : { certbookMs: tenth((cpuOf(rows, 'certbook', n)! - syntaxCheckCpuMs) / n) }),
  }));
}

/** The slope between the smallest and the largest comparable size; undefined with fewer than two. */
export function cpuSlope(rows: readonly FleetRow[]): CpuSlope | undefined {
  const sizes = comparableSizes(rows);
  if (sizes.length < 2) return undefined;
  const from = sizes[0]!;
  const to = sizes.at(-1)!;
  const slope = (tool: FleetRow['tool']) => tenth((cpuOf(rows, tool, to)! - cpuOf(rows, tool, from)!) / (to - from));
  return { from, to, floorMs: slope('ssh floor'), certbookMs: slope('certbook') };
}
