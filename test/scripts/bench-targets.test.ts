/**
 * The benchmark's verdicts on issue 14's targets (scripts/bench/targets.ts) and its per-host CPU
 * figures (scripts/bench/cpu-per-host.ts): rows in, met / missed / not measured out. Pure: no
 * fleet, no sshd; the numbers are made up to sit on either side of each threshold.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuAtSizes, cpuSlope } from '../../scripts/bench/cpu-per-host.js';
import type { FleetRow } from '../../scripts/bench/fleet-bench.js';
import { parseBenchArgs } from '../../scripts/bench/options.js';
import { machineBusyMs } from '../../scripts/bench/proc-cpu.js';
import type { StartupResult } from '../../scripts/bench/startup.js';
import {
  cpuPerHostVerdict,
  floorRatioVerdict,
  peakRssVerdict,
  startupVerdicts,
  targetVerdicts,
  type Verdict,
} from '../../scripts/bench/targets.js';

function row(n: number, tool: FleetRow['tool'], wallMs: number, cpuMs?: number, problem?: string): FleetRow {
  return {
    n,
    tool,
    what: tool,
    wallMs,
    perHostMs: wallMs / n,
    ...(cpuMs === undefined ? {} : { cpuMs }),
    runs: 3,
    ...(problem ? { problem } : {}),
  };
}

const startup = (versionMs: number, syntaxMs: number, builtCode = true): StartupResult => ({
  builtCode,
  machineBusyPct: 40,
  points: [
    { command: '--version', medianMs: versionMs, cpuMs: 90, runsMs: Array(10).fill(versionMs) },
    { command: 'run check-expiry --syntax-check', medianMs: syntaxMs, cpuMs: 600, runsMs: Array(10).fill(syntaxMs) },
  ],
});

const byTarget = (verdicts: Verdict[], fragment: string) => {
  const found = verdicts.filter((v) => v.target.includes(fragment));
  assert.equal(found.length, 1, `exactly one target mentions ${fragment}: ${verdicts.map((v) => v.target).join(' | ')}`);
  return found[0]!;
};

test('check-expiry against the floor: ≤ 1.5x at 60 hosts, ≤ 1.2x at 300 and 500, each judged at its own size', () => {
  const rows = [
    row(60, 'ssh floor', 1000),
    row(60, 'certbook', 1500), // exactly 1.5x: met
    row(300, 'ssh floor', 4000),
    row(300, 'certbook', 4840), // 1.21x: missed
    row(500, 'ssh floor', 6000),
    row(500, 'certbook', 7200), // exactly 1.2x: met
  ];
  const verdicts = targetVerdicts({ rows, memory: [], html: [] });
  assert.equal(byTarget(verdicts, 'on 60 hosts').status, 'met');
  assert.match(byTarget(verdicts, 'on 60 hosts').target, /≤ 1\.5x/);
  const at300 = byTarget(verdicts, 'on 300 hosts');
  assert.equal(at300.status, 'missed');
  assert.match(at300.detail, /^1\.21x \(certbook 4\.84 s, floor 4\.00 s\)$/);
  assert.equal(byTarget(verdicts, 'on 500 hosts').status, 'met');
});

test('a fleet size not run is not measured; a failed certbook run misses; a failed floor leaves it unmeasured', () => {
  assert.deepEqual(floorRatioVerdict([row(100, 'ssh floor', 1000), row(100, 'certbook', 1100)], 60, 1.5).status, 'not measured');
  const failed = floorRatioVerdict(
    [row(60, 'ssh floor', 1000), row(60, 'certbook', 900, undefined, 'recap lists 59 of 60 hosts')],
    60,
    1.5,
  );
  assert.equal(failed.status, 'missed');
  assert.match(failed.detail, /59 of 60 hosts/);
  const floorFailed = floorRatioVerdict(
    [row(60, 'ssh floor', 1000, undefined, 'printed 10 of 900 certificates'), row(60, 'certbook', 900)],
    60,
    1.5,
  );
  assert.equal(floorFailed.status, 'not measured');
  assert.match(floorFailed.detail, /floor's run failed/);
});

test('CPU per host: the slope between the smallest and largest fleet cancels both fixed costs', () => {
  const rows = [
    row(60, 'ssh floor', 1000, 1800),
    row(60, 'certbook', 3000, 3600), // a large fixed part…
    row(300, 'ssh floor', 4000, 9000),
    row(300, 'certbook', 9000, 10_000),
    row(500, 'ssh floor', 6000, 15_000),
    row(500, 'certbook', 12_000, 14_600), // …and per extra host (14600 − 3600)/440 = 25 ms, the floor's (15000 − 1800)/440 = 30 ms
  ];
  assert.deepEqual(cpuSlope(rows), { from: 60, to: 500, floorMs: 30, certbookMs: 25 });
  const verdict = cpuPerHostVerdict(rows, 600);
  assert.equal(verdict.status, 'met');
  assert.match(verdict.detail, /slope 60 → 500 hosts: certbook 25 ms, floor 30 ms per extra host/);
  // The start-up-subtracted figure is printed too: (14600 − 600) / 500 = 28 ms, 15000 / 500 = 30 ms.
  assert.match(verdict.detail, /at 500 hosts, \(CPU − syntax-check CPU\)\/N: certbook 28 ms, floor CPU\/N 30 ms/);
});

test('CPU per host with one fleet size: certbook net of its syntax-check CPU against the floor per host', () => {
  const rows = [row(60, 'ssh floor', 1000, 1800), row(60, 'certbook', 3000, 3600)];
  assert.deepEqual(cpuAtSizes(rows, 600), [{ hosts: 60, floorMs: 30, certbookMs: 50 }]);
  assert.equal(cpuSlope(rows), undefined);
  const verdict = cpuPerHostVerdict(rows, 600);
  assert.equal(verdict.status, 'missed');
  assert.match(verdict.detail, /certbook 50 ms, floor CPU\/N 30 ms/);
  assert.equal(cpuPerHostVerdict(rows, undefined).status, 'not measured');
});

test('CPU per host leaves out failed runs and runs without a CPU figure', () => {
  const rows = [
    row(60, 'ssh floor', 1000, 1800),
    row(60, 'certbook', 3000, 3600),
    row(500, 'ssh floor', 6000, 15_000),
    row(500, 'certbook', 12_000, 9000, 'exit 2: 3 hosts failed'),
  ];
  assert.equal(cpuSlope(rows), undefined);
  assert.deepEqual(cpuAtSizes(rows, undefined), [{ hosts: 60, floorMs: 30 }]);
});

test('start-up: --version ≤ 150 ms and --syntax-check ≤ 250 ms, flagged loudly when tsx ran instead of dist/', () => {
  const [version, syntax] = startupVerdicts(startup(150, 251));
  assert.equal(version!.status, 'met');
  assert.equal(syntax!.status, 'missed');
  assert.match(syntax!.detail, /^251 ms \(median of 10, machine 40% busy\)$/);
  const tsx = startupVerdicts(startup(120, 200, false));
  assert.equal(tsx[0]!.status, 'met');
  assert.match(tsx[0]!.detail, /NOT the built bundle/);
  assert.deepEqual(
    startupVerdicts(undefined).map((v) => v.status),
    ['not measured', 'not measured'],
  );
});

test('peak RSS ≤ 200 MB is judged at 1,000 hosts only', () => {
  assert.deepEqual(peakRssVerdict([{ hosts: 250, rssMb: 150, wallMs: 1 }]), {
    target: 'peak RSS ≤ 200 MB at 1,000 hosts',
    status: 'not measured',
    detail: 'no memory run at 1,000 hosts (--memory)',
  });
  assert.equal(peakRssVerdict([{ hosts: 1000, rssMb: 200, wallMs: 1 }]).status, 'met');
  assert.equal(peakRssVerdict([{ hosts: 1000, rssMb: 201, wallMs: 1 }]).status, 'missed');
  assert.equal(peakRssVerdict([{ hosts: 1000, wallMs: 1, problem: 'exit 4' }]).status, 'missed');
});

test('every issue 14 target is listed even when nothing was measured, and the no-op task is judged under 5 ms', () => {
  const none = targetVerdicts({ rows: [], memory: [], html: [] });
  assert.equal(none.length, 8);
  assert.ok(none.every((v) => v.status === 'not measured'));
  const noop = { hosts: 10, execRoundTripMs: 4, commandTaskMs: 8.99, beyondRoundTripMs: 4.99, commandTaskCpuMs: 2, debugTaskMs: 0.1 };
  assert.equal(byTarget(targetVerdicts({ rows: [], memory: [], html: [], noop }), 'no-op').status, 'met');
  assert.equal(
    byTarget(targetVerdicts({ rows: [], memory: [], html: [], noop: { ...noop, beyondRoundTripMs: 5 } }), 'no-op').status,
    'missed',
  );
});

test('the defaults are issue 14: fleets of 60, 300 and 500, ansible-playbook at 60 only, start-up measured on a fresh build', () => {
  const o = parseBenchArgs([]);
  assert.deepEqual(o.sizes, [60, 300, 500]);
  assert.equal(o.ansibleUpTo, 60);
  assert.deepEqual(o.memorySizes, [250, 1000]);
  assert.deepEqual([o.startup, o.startupRuns, o.startupOnly, o.build], [true, 10, false, true]);
  const only = parseBenchArgs(['--startup-only', '--startup-runs', '5']);
  assert.deepEqual([only.startupOnly, only.startupRuns], [true, 5]);
  assert.throws(() => parseBenchArgs(['--startup-only', '--no-startup']), /contradict/);
  assert.deepEqual(parseBenchArgs(['--quick']).sizes, [60, 300]);
});

test("the machine's busy CPU from /proc/stat: user, nice, system, irq, softirq and steal; idle and iowait left out", () => {
  const busy = (fields: string) => machineBusyMs(`cpu  ${fields}\ncpu0 1 1 1 1 1 1 1 1 0 0\n`);
  assert.equal(busy('0 0 0 5000 700 0 0 0 0 0'), 0);
  const one = busy('10 0 0 0 0 0 0 0 0 0');
  assert.ok(one > 0);
  assert.equal(busy('1 2 3 5000 700 1 1 2 0 0'), one);
});
