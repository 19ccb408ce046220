/**
 * `npm run bench`: certbook's start-up, then certbook against the OpenSSH-client floor and
 * ansible-playbook on simulated k3s fleets behind one real OpenSSH sshd on loopback (see README,
 * "Benchmark"), then a no-op task's cost beyond the round trip, certbook's peak RSS up to 1,000
 * hosts, and the terminal reporter, the HTML report and `report merge` at fleet size. Prints
 * tables and issue 14's targets with met/missed, and writes every number as JSON. Needs root and
 * a few Debian packages (not for `--startup-only`); it checks for them first and installs nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM } from '../test/harness/browser.js';
import { cpuAtSizes, cpuSlope } from './bench/cpu-per-host.js';
import { type FleetRow, runFleetBench, startBenchSshd } from './bench/fleet-bench.js';
import { type HtmlReportPoint, measureHtmlReport } from './bench/html-report.js';
import { growthPerHost, type MemoryPoint, measureMemory } from './bench/memory-fleet.js';
import { type MergePoint, measureMerge } from './bench/merge-bench.js';
import { measureNoopCost, type NoopCost } from './bench/noop-cost.js';
import { type BenchOptions, parseBenchArgs, USAGE } from './bench/options.js';
import { checkRequirements } from './bench/requirements.js';
import { buildBundle, measureStartup, runsBuiltCode, type StartupResult } from './bench/startup.js';
import { fleetTable, markdown } from './bench/table.js';
import { startupVerdicts, targetVerdicts, type Verdict } from './bench/targets.js';
import { measureX509Parse } from './bench/x509-parse.js';

const root = join(import.meta.dirname, '..');
const log = (line: string): void => console.log(line);

if (process.argv.includes('--help')) {
  console.log(USAGE);
  process.exit(0);
}
let options: BenchOptions;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (err) {
  console.error((err as Error).message);
  process.exit(5);
}

const machine =
  `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, ${process.platform} ${process.arch}, node ${process.version}, ` +
  `${firstLine('ssh', ['-V'])}, ${firstLine('ansible-playbook', ['--version'])}`;
log(`certbook bench: ${machine}`);
const benchStarted = performance.now();

if (options.build) {
  const failed = buildBundle();
  if (failed) log(`\nWARNING: ${failed}`);
}
const builtCode = runsBuiltCode();
if (!builtCode)
  log(
    '\nWARNING: bin/certbook.js runs TypeScript through tsx, NOT the built bundle: dist/ is missing or older than src/ ' +
      '(run `node scripts/build.mjs --quiet`, or drop --no-build). Every certbook number below pays tsx start-up (~0.5 s).',
  );

let startup: StartupResult | undefined;
if (options.startup) {
  log(`\ncertbook start-up (median of ${options.startupRuns} runs each, after one warm-up) …`);
  startup = await measureStartup(options.startupRuns, log);
}
if (options.startupOnly) {
  const verdicts = startupVerdicts(startup);
  printTargets(verdicts);
  writeResults({ startup, targets: verdicts });
  process.exit(0);
}

const needs = checkRequirements(
  options.sizes.some((n) => n <= options.ansibleUpTo),
  log,
);
if (!needs.ok) {
  log('the benchmark cannot run; nothing was installed (see above)');
  process.exit(1);
}

const bench = await startBenchSshd();
let rows: FleetRow[] = [];
let noop: NoopCost | undefined;
try {
  rows = await runFleetBench(bench, { ...options, keepFiles: options.keep, log });
  log('\nno-op task cost (forks 1, in-process, same sshd) …');
  noop = await measureNoopCost(bench.sshd, options.noopHosts);
} finally {
  await bench.stop();
}
if (options.memorySizes.length) log('\ncertbook peak RSS by fleet size (in-process ssh2 server) …');
const memory: MemoryPoint[] = options.memorySizes.length
  ? await measureMemory(options.memorySizes, options.forks, options.servers, log)
  : [];

log(
  `\n## Fleet: check-expiry vs the floor vs ansible-playbook (forks ${options.forks}, median of ${options.repeat} for the floor and certbook)\n`,
);
log(fleetTable(rows));
for (const r of rows.filter((x) => x.problem)) log(`\nPROBLEM ${r.n} ${r.tool}: ${r.problem}`);
log(
  "\nCPU: the tool's process tree (GNU time). machine CPU: every process on the machine (/proc/stat): the tool, " +
    `sshd and the hosts' sessions, and other users' work too; ${cpus().length} cores × wall is the most there is.`,
);
const syntaxCheckCpu = startup?.points.find((p) => p.command.includes('--syntax-check') && !p.problem)?.cpuMs;
const slope = cpuSlope(rows);
log('\n## Controller CPU per host (certbook vs the OpenSSH client)\n');
for (const c of cpuAtSizes(rows, syntaxCheckCpu))
  log(
    `- ${c.hosts} hosts: floor CPU/N ${c.floorMs} ms; certbook ` +
      (c.certbookMs === undefined
        ? '? (needs the start-up section for the syntax-check CPU)'
        : `(CPU − ${syntaxCheckCpu} ms syntax-check CPU)/N ${c.certbookMs} ms`),
  );
if (slope)
  log(`- slope ${slope.from} → ${slope.to} hosts (judged): floor ${slope.floorMs} ms, certbook ${slope.certbookMs} ms per extra host`);
if (noop) {
  log('\n## No-op task\n');
  log(
    markdown(
      ['hosts', 'exec round trip', 'command task', 'beyond round trip', 'controller CPU per task', 'debug task'],
      [
        [
          String(noop.hosts),
          `${noop.execRoundTripMs} ms`,
          `${noop.commandTaskMs} ms`,
          `${noop.beyondRoundTripMs} ms`,
          `${noop.commandTaskCpuMs} ms`,
          `${noop.debugTaskMs} ms`,
        ],
      ],
    ),
  );
}
if (memory.length) {
  log('\n## certbook peak RSS\n');
  log(
    markdown(
      ['hosts', 'peak RSS', 'wall'],
      memory.map((m) => [String(m.hosts), m.rssMb === undefined ? '?' : `${Math.round(m.rssMb)} MB`, `${(m.wallMs / 1000).toFixed(2)} s`]),
    ),
  );
  for (const g of growthPerHost(memory)) log(`growth ${g.from} → ${g.to} hosts: ${g.kbPerHost} KB per extra host`);
}
let tty = '';
if (options.tty) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/bench-tty.ts'), '500', '12'], {
    cwd: root,
    encoding: 'utf8',
  });
  tty = r.stdout;
  log('\n## Terminal reporter, 500 hosts × 12 tasks\n');
  log(tty.trim());
}
let html: HtmlReportPoint[] = [];
if (options.html && !existsSync(CHROMIUM))
  log(`\nHTML report not measured: ${CHROMIUM} is missing (apt-get install chromium, or --no-html)`);
else if (options.html) {
  log('\n## HTML report at fleet size (headless chromium)\n');
  html = await measureHtmlReport(log);
}
log('\n## Certificate parsing: controller CPU per certificate (ours against the @peculiar/x509 describing it replaced)\n');
const x509 = await measureX509Parse();
for (const c of x509) log(`${c.set}: ${c.certificates} certificates, ${c.oursUs.toFixed(1)} µs each (was ${c.referenceUs.toFixed(1)} µs)`);
let merge: MergePoint[] = [];
if (options.merge) {
  log('\n## Report merge: 1,000 hosts in 7 shard reports\n');
  merge = await measureMerge(log);
}
const verdicts = targetVerdicts({ rows, ...(noop ? { noop } : {}), memory, html, ...(startup ? { startup } : {}) });
printTargets(verdicts);
writeResults({ fleet: rows, noop, memory, tty, html, x509, merge, startup, targets: verdicts });

/** The targets, one line each: met, MISSED or not measured. */
function printTargets(verdicts: readonly Verdict[]): void {
  log('\n## Targets (issue 14; issue 16 for the HTML report)\n');
  const label = { met: 'met', missed: 'MISSED', 'not measured': 'not measured' } as const;
  for (const v of verdicts) log(`- ${label[v.status]}: ${v.target}: ${v.detail}`);
  log(`\nbenchmark took ${((performance.now() - benchStarted) / 60_000).toFixed(1)} min`);
}

/** Writes every number, with the machine, the date and the options, to --json. */
function writeResults(results: Record<string, unknown>): void {
  writeFileSync(
    options.json,
    `${JSON.stringify(
      {
        machine,
        date: new Date().toISOString(),
        builtCode,
        options: { ...options, ansibleUpTo: String(options.ansibleUpTo) },
        ...results,
      },
      null,
      2,
    )}\n`,
  );
  log(`\nwritten: ${options.json}`);
}

function firstLine(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n')[0]?.trim() || `${cmd}: not found`;
}
