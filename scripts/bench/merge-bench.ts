/**
 * `certbook report merge` at fleet size: the reports of 1,000 hosts (10 clusters of 100 nodes,
 * 20 certificates each, shaped as check-expiry's: three plays, a result per host and task, the
 * certificates in the read task's result and in the `certificates` table) split into 7 shards
 * by the real assignment, written as files, then merged in-process by `main` as the CronJob's
 * last step does: read, check against the schema, refuse or merge, write --report and
 * --metrics; and once more with --junit and --html too. Median of `repeat` runs each.
 *
 * Run alone: `node --import tsx scripts/bench/merge-bench.ts` (no sshd, no root).
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { REPORT_FORMAT_VERSION, type RunReport, type TaskReport } from '../../src/report/run-report.js';
import { rendezvousShard } from '../../src/shard/rendezvous.js';

/** One measured merge. */
export interface MergePoint {
  hosts: number;
  shards: number;
  inputMb: number;
  outputs: string;
  /** Wall time, median. */
  ms: number;
  /** This process's CPU time (user + system) in the same run: what a shared machine's load does not inflate. */
  cpuMs: number;
}

const DAY = 86_400_000;
const STATS = { ok: 20, changed: 0, unreachable: 0, failed: 0, skipped: 4, rescued: 0, ignored: 0 };

/** A check-expiry-shaped report of `hosts` (`cluster(h)` names each host's cluster) as shard `index` of `count`. */
function shardReport(hosts: string[], cluster: (h: string) => string, index: number, count: number, now: number): RunReport {
  const iso = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const certs = (h: string, n: number): Array<Record<string, string | number | boolean>> =>
    Array.from({ length: 20 }, (_, c) => {
      const daysLeft = ((n * 37 + c * 11) % 400) - 20;
      const notAfter = now + (daysLeft + 0.5) * DAY;
      return {
        host: h,
        cluster: cluster(h),
        source: 'file',
        path: `/var/lib/rancher/k3s/server/tls/client-${c}.crt`,
        subject: `system:node-${n}-${c}`,
        issuer: 'k3s-client-ca@1700000000',
        is_ca: false,
        not_before: iso(notAfter - 365 * DAY),
        not_after: iso(notAfter),
        days_left: daysLeft,
        status: daysLeft < 0 ? 'EXPIRED' : daysLeft < 90 ? 'WARNING' : 'OK',
      };
    });
  const number = (h: string): number => Number(h.slice(5));
  const task = (play: number, i: number, name: string, result: (h: string) => Record<string, unknown>): TaskReport => ({
    id: `t${play * 100 + i}`,
    name,
    section: 'tasks',
    step: i === 2 ? 'x509_info' : 'command',
    pos: { file: '/usr/lib/certbook/playbooks/check-expiry.yaml', line: 10 + i, col: 7 },
    startedAt: new Date(now).toISOString(),
    durationMs: 40,
    hosts,
    results: hosts.map((h) => ({ host: h, status: 'ok' as const, ignored: false, rescued: false, durationMs: 30, result: result(h) })),
  });
  const plain = (h: string): Record<string, unknown> => ({ changed: false, stdout: `${h} 1700000000`, rc: 0 });
  const plays = [1, 2, 3].map((play) => ({
    play,
    name: `play ${play}`,
    pattern: '{{ cb_servers | union(cb_agents) }}',
    hosts,
    startedAt: new Date(now).toISOString(),
    durationMs: 900,
    tasks: Array.from({ length: 8 }, (_, i) =>
      task(play, i, `task ${play}.${i}`, i === 2 && play === 1 ? (h) => ({ changed: false, certificates: certs(h, number(h)) }) : plain),
    ),
    ...(play > 1
      ? { partitions: Object.fromEntries([...new Set(hosts.map(cluster))].map((c) => [c, hosts.filter((h) => cluster(h) === c)])) }
      : {}),
  }));
  return {
    reportVersion: REPORT_FORMAT_VERSION,
    certbook: { version: '0.1.0' },
    playbook: '/usr/lib/certbook/playbooks/check-expiry.yaml',
    check: false,
    diff: false,
    startedAt: new Date(now).toISOString(),
    finishedAt: new Date(now + 30_000).toISOString(),
    durationMs: 30_000,
    exitCode: 2,
    interrupted: false,
    complete: true,
    hosts,
    stats: Object.fromEntries(hosts.map((h) => [h, { ...STATS }])),
    plays,
    records: {
      certificates: {
        columns: ['cluster', 'source', 'path', 'subject', 'issuer', 'is_ca', 'not_before', 'not_after', 'days_left', 'status'],
        sortBy: ['not_after'],
        rows: hosts
          .flatMap((h) => certs(h, number(h)).map((values) => ({ host: h, values })))
          .sort((a, b) => String(a.values.not_after).localeCompare(String(b.values.not_after))),
      },
    },
    warnings: [],
    partitionsStopped: [],
    shard: {
      index,
      count,
      split: { hosts: 1000, digest: '0123456789abcdef' },
      units: Object.fromEntries(
        [...new Set(hosts.map(cluster))].map((c) => [`file:/etc/certbook/inventory/${c}.yaml`, hosts.filter((h) => cluster(h) === c)]),
      ),
    },
  };
}

/** Writes the shards of `hostCount` hosts in `clusters` clusters over `shards` shards; their paths. */
function writeShards(dir: string, hostCount: number, clusters: number, shards: number): string[] {
  const all = Array.from({ length: hostCount }, (_, i) => `node-${String(i).padStart(4, '0')}`);
  const cluster = (h: string): string => `c${Number(h.slice(5)) % clusters}`;
  const shardOf = (h: string): number => rendezvousShard(`file:/etc/certbook/inventory/${cluster(h)}.yaml`, shards);
  const now = Date.now();
  return Array.from({ length: shards }, (_, i) => {
    const file = join(dir, `shard-${i + 1}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        shardReport(
          all.filter((h) => shardOf(h) === i + 1),
          cluster,
          i + 1,
          shards,
          now,
        ),
        null,
        2,
      ),
    );
    return file;
  });
}

/** Measures the merge of 1,000 hosts' reports (7 shards); `log` gets a line per output set. */
export async function measureMerge(log: (line: string) => void, repeat = 3): Promise<MergePoint[]> {
  const dir = mkdtempSync(join(tmpdir(), 'certbook-bench-merge-'));
  const points: MergePoint[] = [];
  try {
    const files = writeShards(dir, 1000, 10, 7);
    const inputMb = files.reduce((sum, f) => sum + statSync(f).size, 0) / 2 ** 20;
    const io = { stdout: { write: () => true }, stderr: { write: (t: string) => process.stderr.write(t) }, env: {}, cwd: dir };
    for (const [outputs, args] of [
      ['--report, --metrics', ['--report', 'fleet.json', '--metrics', 'fleet.prom']],
      [
        '--report, --metrics, --junit, --html',
        ['--report', 'fleet.json', '--metrics', 'fleet.prom', '--junit', 'fleet.xml', '--html', 'fleet.html'],
      ],
    ] as const) {
      const runs: Array<{ ms: number; cpuMs: number }> = [];
      for (let i = 0; i < repeat; i++) {
        const t0 = performance.now();
        const cpu0 = process.cpuUsage();
        const code = await main(['report', 'merge', ...files, ...args, '--expect', '7'], io);
        const cpu = process.cpuUsage(cpu0);
        runs.push({ ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 });
        if (code !== 2) throw new Error(`report merge exited ${code}, expected the shards' 2`);
      }
      const median = runs.sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)]!;
      const point = {
        hosts: 1000,
        shards: 7,
        inputMb: Math.round(inputMb * 10) / 10,
        outputs,
        ms: Math.round(median.ms),
        cpuMs: Math.round(median.cpuMs),
      };
      log(
        `1,000 hosts in 7 shard reports (${point.inputMb} MB of JSON), ${outputs}: ${point.ms} ms (CPU ${point.cpuMs} ms; median of ${repeat})`,
      );
      points.push(point);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return points;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await measureMerge((line) => console.log(line));
