/**
 * Issue 14's targets ("Speed at the floor"), and issue 16's for the HTML report, judged from one
 * run's numbers. A target whose numbers this run does not have (a fleet size not run, a section
 * skipped) is listed as not measured, with what would measure it.
 */
import { type CpuAtSize, cpuAtSizes, cpuSlope } from './cpu-per-host.js';
import type { FleetRow } from './fleet-bench.js';
import type { HtmlReportPoint } from './html-report.js';
import type { MemoryPoint } from './memory-fleet.js';
import type { NoopCost } from './noop-cost.js';
import type { StartupResult } from './startup.js';

/** One target and how this run did. */
export interface Verdict {
  target: string;
  status: 'met' | 'missed' | 'not measured';
  detail: string;
}

/** Everything one benchmark run measured (each part absent when its section was skipped). */
export interface BenchNumbers {
  rows: readonly FleetRow[];
  noop?: NoopCost;
  memory: readonly MemoryPoint[];
  html: readonly HtmlReportPoint[];
  startup?: StartupResult;
}

/** check-expiry's wall time over the OpenSSH-client floor's, same fleet, forks and key exchange. */
export const FLOOR_RATIO_TARGETS: readonly { hosts: number; atMost: number }[] = [
  { hosts: 60, atMost: 1.5 },
  { hosts: 300, atMost: 1.2 },
  { hosts: 500, atMost: 1.2 },
];

/** Start-up, median wall time of `node bin/certbook.js <command>` on the built bundle. */
export const STARTUP_TARGETS: readonly { command: string; atMostMs: number }[] = [
  { command: '--version', atMostMs: 150 },
  { command: 'run check-expiry --syntax-check', atMostMs: 250 },
];

/** certbook's peak RSS on a fleet of `hosts`. */
export const PEAK_RSS_TARGET = { hosts: 1000, atMostMb: 200 };

/** A no-op task's wall time per host beyond the bare exec round trip. */
export const NOOP_BEYOND_ROUND_TRIP_MS = 5;

const judged = (target: string, met: boolean, detail: string): Verdict => ({ target, status: met ? 'met' : 'missed', detail });
const notMeasured = (target: string, detail: string): Verdict => ({ target, status: 'not measured', detail });
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rowOf = (rows: readonly FleetRow[], n: number, tool: FleetRow['tool']) => rows.find((r) => r.n === n && r.tool === tool);

/** Every target: issue 14's, then issue 16's for each HTML page measured. */
export function targetVerdicts(numbers: BenchNumbers): Verdict[] {
  return [
    ...FLOOR_RATIO_TARGETS.map((t) => floorRatioVerdict(numbers.rows, t.hosts, t.atMost)),
    cpuPerHostVerdict(numbers.rows, syntaxCheckCpuMs(numbers.startup)),
    ...startupVerdicts(numbers.startup),
    peakRssVerdict(numbers.memory),
    noopVerdict(numbers.noop),
    ...htmlVerdicts(numbers.html),
  ];
}

/** check-expiry at `hosts` hosts within `atMost` times the floor; a failed run of certbook misses it. */
export function floorRatioVerdict(rows: readonly FleetRow[], hosts: number, atMost: number): Verdict {
  const target = `check-expiry on ${hosts} hosts ≤ ${atMost}x the OpenSSH-client floor (same key exchange, every row checked)`;
  const floor = rowOf(rows, hosts, 'ssh floor');
  const certbook = rowOf(rows, hosts, 'certbook');
  if (!floor || !certbook) return notMeasured(target, `no fleet of ${hosts} hosts in this run (--sizes)`);
  if (floor.problem) return notMeasured(target, `the floor's run failed: ${floor.problem}`);
  if (certbook.problem) return judged(target, false, `certbook's run failed: ${certbook.problem}`);
  const ratio = certbook.wallMs / floor.wallMs;
  return judged(target, ratio <= atMost, `${ratio.toFixed(2)}x (certbook ${seconds(certbook.wallMs)}, floor ${seconds(floor.wallMs)})`);
}

/** certbook's median `--syntax-check` CPU, its fixed start-up cost, when measured. */
function syntaxCheckCpuMs(startup: StartupResult | undefined): number | undefined {
  const point = startup?.points.find((p) => p.command === STARTUP_TARGETS[1]!.command && !p.problem);
  return point?.cpuMs;
}

/**
 * Controller CPU per host ≤ the OpenSSH client's: judged on the slope between the run's smallest
 * and largest fleets when it has two, else on the largest fleet's start-up-subtracted figure
 * (see cpu-per-host.ts for why).
 */
export function cpuPerHostVerdict(rows: readonly FleetRow[], syntaxCheckCpu: number | undefined): Verdict {
  const target = "controller CPU per host ≤ the OpenSSH client's";
  const slope = cpuSlope(rows);
  const largest = cpuAtSizes(rows, syntaxCheckCpu)
    .filter((c): c is Required<CpuAtSize> => c.certbookMs !== undefined)
    .at(-1);
  const atSize = largest
    ? `at ${largest.hosts} hosts, (CPU − syntax-check CPU)/N: certbook ${largest.certbookMs} ms, floor CPU/N ${largest.floorMs} ms`
    : '';
  if (slope) {
    const detail = `slope ${slope.from} → ${slope.to} hosts: certbook ${slope.certbookMs} ms, floor ${slope.floorMs} ms per extra host`;
    return judged(target, slope.certbookMs <= slope.floorMs, atSize ? `${detail}; ${atSize}` : detail);
  }
  if (largest) return judged(target, largest.certbookMs <= largest.floorMs, atSize);
  return notMeasured(
    target,
    'needs CPU figures (GNU time) for the floor and certbook at two fleet sizes, or at one with the start-up section',
  );
}

/** `--version` and `run check-expiry --syntax-check` within their budgets; flagged when tsx, not dist/, ran. */
export function startupVerdicts(startup: StartupResult | undefined): Verdict[] {
  return STARTUP_TARGETS.map(({ command, atMostMs }) => {
    const target = `certbook ${command} ≤ ${atMostMs} ms (median wall)`;
    const point = startup?.points.find((p) => p.command === command);
    if (!point) return notMeasured(target, 'the start-up section was skipped (--no-startup)');
    if (point.problem) return judged(target, false, `failed: ${point.problem}`);
    const code = startup!.builtCode ? '' : ' — NOT the built bundle: bin/certbook.js ran tsx because dist/ was not fresh';
    const context = `median of ${point.runsMs.length}, machine ${startup!.machineBusyPct}% busy`;
    return judged(target, point.medianMs <= atMostMs, `${point.medianMs} ms (${context})${code}`);
  });
}

/** Peak RSS at 1,000 hosts. */
export function peakRssVerdict(memory: readonly MemoryPoint[]): Verdict {
  const { hosts, atMostMb } = PEAK_RSS_TARGET;
  const count = hosts.toLocaleString('en');
  const target = `peak RSS ≤ ${atMostMb} MB at ${count} hosts`;
  const point = memory.find((m) => m.hosts === hosts);
  if (!point) return notMeasured(target, `no memory run at ${count} hosts (--memory)`);
  if (point.problem) return judged(target, false, `the run failed: ${point.problem}`);
  if (point.rssMb === undefined) return notMeasured(target, 'no RSS figure (GNU time missing)');
  return judged(target, point.rssMb <= atMostMb, `${Math.round(point.rssMb)} MB`);
}

/** The no-op task's cost beyond the round trip. */
export function noopVerdict(noop: NoopCost | undefined): Verdict {
  const target = `a no-op task < ${NOOP_BEYOND_ROUND_TRIP_MS} ms per host beyond the round trip`;
  if (!noop) return notMeasured(target, 'the no-op section did not run');
  return judged(
    target,
    noop.beyondRoundTripMs < NOOP_BEYOND_ROUND_TRIP_MS,
    `${noop.beyondRoundTripMs} ms (task ${noop.commandTaskMs} ms, round trip ${noop.execRoundTripMs} ms)`,
  );
}

/** Issue 16: the HTML report at fleet size, per page measured. */
function htmlVerdicts(html: readonly HtmlReportPoint[]): Verdict[] {
  return html.flatMap((p) => [
    judged(
      `HTML report, ${p.shape}: shown by headless chromium in under 2 s`,
      p.browserMs < 2000,
      `${p.browserMs} ms (rendered by certbook in ${p.renderMs} ms)`,
    ),
    judged(`HTML report, ${p.shape}: file under 5 MB`, p.bytes < 5 * 2 ** 20, `${(p.bytes / 2 ** 20).toFixed(2)} MB`),
  ]);
}
