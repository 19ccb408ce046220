/** The benchmark's printed table (fixed-width, one row per tool and fleet size). */
import type { FleetRow } from './fleet-bench.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The fleet rows as a Markdown table (readable in a terminal, pasteable into the README). */
export function fleetTable(rows: readonly FleetRow[]): string {
  const head = ['N', 'tool', 'wall', 'per host', 'CPU', 'machine CPU', 'peak RSS', 'x floor'];
  const cpu = (ms: number | undefined) => (ms === undefined ? '?' : seconds(ms));
  const body = rows.map((r) => [
    String(r.n),
    r.problem ? `${r.tool} (FAILED)` : r.tool,
    seconds(r.wallMs),
    `${r.perHostMs.toFixed(1)} ms`,
    cpu(r.cpuMs),
    cpu(r.machineCpuMs),
    r.rssMb === undefined ? '?' : `${Math.round(r.rssMb)} MB`,
    r.ratioToFloor === undefined ? '' : `${r.ratioToFloor.toFixed(2)}x`,
  ]);
  return markdown(head, body);
}

/** A Markdown table with columns padded to their widest cell. */
export function markdown(head: string[], body: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i >= 2 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(head), rule, ...body.map(line)].join('\n');
}
