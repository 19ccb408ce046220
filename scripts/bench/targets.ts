/** Issue 6's targets, judged from one run's numbers. */
import type { FleetRow } from './fleet-bench.js';
import type { HtmlReportPoint } from './html-report.js';
import type { MemoryPoint } from './memory-fleet.js';
import type { NoopCost } from './noop-cost.js';

/** One target and how this run did. */
export interface Verdict {
  target: string;
  met: boolean;
  detail: string;
}

const row = (rows: readonly FleetRow[], n: number, tool: FleetRow['tool']) => rows.find((r) => r.n === n && r.tool === tool && !r.problem);

/** Every target that this run has the numbers for. */
export function targetVerdicts(
  rows: readonly FleetRow[],
  noop: NoopCost | undefined,
  memory: readonly MemoryPoint[],
  html: readonly HtmlReportPoint[] = [],
): Verdict[] {
  const out: Verdict[] = [];
  // Issue 16: the HTML report at fleet size.
  for (const p of html) {
    out.push({
      target: `HTML report, ${p.shape}: shown by headless chromium in under 2 s`,
      met: p.browserMs < 2000,
      detail: `${p.browserMs} ms (rendered by certbook in ${p.renderMs} ms)`,
    });
    out.push({
      target: `HTML report, ${p.shape}: file under 5 MB`,
      met: p.bytes < 5 * 2 ** 20,
      detail: `${(p.bytes / 2 ** 20).toFixed(2)} MB`,
    });
  }
  const largest = Math.max(0, ...rows.map((r) => r.n));
  const cb = row(rows, largest, 'certbook');
  if (cb?.ratioToFloor !== undefined) {
    out.push({
      target: `check-expiry on ${largest} hosts within 1.5x of the raw-ssh floor`,
      met: cb.ratioToFloor <= 1.5,
      detail: `${cb.ratioToFloor.toFixed(2)}x`,
    });
  }
  const cb100 = row(rows, 100, 'certbook');
  const an100 = row(rows, 100, 'ansible-playbook');
  if (cb100 && an100) {
    const x = an100.wallMs / cb100.wallMs;
    out.push({
      target: '≥10x faster than ansible-playbook on 100 hosts, same forks',
      met: x >= 10,
      detail: `${x.toFixed(1)}x (${(cb100.wallMs / 1000).toFixed(2)} s vs ${(an100.wallMs / 1000).toFixed(2)} s)`,
    });
  }
  const top = memory.at(-1);
  if (top?.rssMb !== undefined) {
    out.push({ target: `peak RSS < 300 MB at ${top.hosts} hosts`, met: top.rssMb < 300, detail: `${Math.round(top.rssMb)} MB` });
    const first = memory[0]!;
    if (first !== top && first.rssMb !== undefined) {
      // Linear or better: RSS per host does not rise with the fleet (the fixed part only helps).
      const perHost = (m: MemoryPoint) => m.rssMb! / m.hosts;
      out.push({
        target: 'RSS grows no faster than linearly',
        met: perHost(top) <= perHost(first),
        detail: `${(perHost(first) * 1024).toFixed(0)} KB/host at ${first.hosts}, ${(perHost(top) * 1024).toFixed(0)} KB/host at ${top.hosts}`,
      });
    }
  }
  if (noop)
    out.push({
      target: 'a no-op task < 5 ms per host beyond the round trip',
      met: noop.beyondRoundTripMs < 5,
      detail: `${noop.beyondRoundTripMs} ms`,
    });
  const a = row(rows, 100, 'certbook');
  const b = row(rows, 500, 'certbook');
  const fa = row(rows, 100, 'ssh floor');
  const fb = row(rows, 500, 'ssh floor');
  if (a && b) {
    out.push({
      target: 'wall time growth 100 → 500 hosts (5x the hosts)',
      met: b.wallMs / a.wallMs <= 5.5,
      detail: `certbook ${(b.wallMs / a.wallMs).toFixed(2)}x${fa && fb ? `, floor ${(fb.wallMs / fa.wallMs).toFixed(2)}x` : ''}`,
    });
  }
  return out;
}
