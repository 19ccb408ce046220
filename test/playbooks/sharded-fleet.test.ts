/**
 * check-expiry over a simulated fleet of several k3s clusters (real sshd, real kubectl), run
 * whole and as 3 and 7 shards — each shard its own `certbook` process, all of a split at the
 * same time — then `certbook report merge`: the merged report equals the whole run's (rows,
 * recap, clusters, exit code), no host is in two shards and no cluster is split. A shard whose
 * host is unreachable shows in the merge (its exit code, its host's recap); a shard killed
 * before it wrote its report is named missing; a cluster whose nodes sit in two inventory files
 * (two units) and land in two shards is detected by the merge.
 *
 *   c1  v1.18.6, 2 servers + 1 agent, served certificate and Secret expired (the trap)
 *   c2  v1.18.6, 1 server + 1 agent, fresh, named `k3s_cluster_name: edge-2`
 *   c3  v1.28.9, 1 server + 2 agents, leaves inside the window
 *   c4  v1.33.1, 1 server, fresh
 *   c9  one server nobody listens for (unreachable)
 *
 * One inventory file per cluster (k3s-ansible's layout): each file is a shard unit.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { EXIT } from '../../src/cli/exit-codes.js';
import type { RunReport } from '../../src/report/run-report.js';
import { rendezvousShard } from '../../src/shard/rendezvous.js';
import { runCli } from '../cli/run-cli.js';
import { closedPort } from '../harness/closed-port.js';
import { type SimulatedFleets, startSimulatedFleets } from '../harness/simulated-fleets.js';
import { tempDir } from '../harness/temp-dir.js';

const ROOT = join(import.meta.dirname, '..', '..');
const OLD = 'v1.18.6+k3s1';

let fleets: SimulatedFleets;
let inventory: string[];
let whole: RunReport;
const dir = tempDir('certbook-sharded-fleet-');

/** One `certbook` process; resolves when it exits. */
function certbook(args: readonly string[]): {
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  kill: () => void;
} {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'certbook.js'), ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, output })),
  );
  return { done, kill: () => child.kill('SIGKILL') };
}

/** check-expiry as shards 1…n of n, every one started at once; the report files. */
async function runShards(
  name: string,
  n: number,
  inv: readonly string[] = inventory,
  killed?: number,
): Promise<{ files: string[]; codes: Array<number | null> }> {
  const files = Array.from({ length: n }, (_, i) => `${name}-${i + 1}-of-${n}.json`);
  const runs = files.map((file, i) => certbook(['run', 'check-expiry', ...inv, '--shard', `${i + 1}/${n}`, '--report', file]));
  // A shard pod evicted or OOM-killed mid-run: it never writes its report.
  if (killed !== undefined) runs[killed - 1]!.kill();
  const ended = await Promise.all(runs.map((r) => r.done));
  return { files, codes: ended.map((e) => e.code) };
}

const read = (file: string): RunReport => JSON.parse(readFileSync(join(dir, file), 'utf8')) as RunReport;

before(async () => {
  fleets = await startSimulatedFleets([
    { name: 'c1', servers: 2, agents: 1, version: OLD, state: { leafDaysLeft: 300, servingDaysLeft: -10 } },
    { name: 'c2', servers: 1, agents: 1, version: OLD, state: { leafDaysLeft: 300, servingDaysLeft: 300 }, clusterName: 'edge-2' },
    { name: 'c3', servers: 1, agents: 2, version: 'v1.28.9+k3s1', state: { leafDaysLeft: 30, servingDaysLeft: 300 } },
    { name: 'c4', servers: 1, agents: 0, version: 'v1.33.1+k3s1', state: { leafDaysLeft: 300, servingDaysLeft: 300 } },
  ]);
  const unreachable = join(dir, 'c9.yaml');
  writeFileSync(
    unreachable,
    stringify({
      k3s_cluster: {
        children: {
          server: {
            hosts: {
              'c9-server-1': {
                ansible_host: '127.0.0.1',
                ansible_port: await closedPort(),
                ansible_user: fleets.user,
              },
            },
          },
        },
      },
    }),
  );
  inventory = [...fleets.inventory('files'), '-i', unreachable];
  const r = await runCli(['run', 'check-expiry', ...inventory, '--report', join(dir, 'whole.json')], { env: { CI: 'true' } });
  assert.equal(r.code, EXIT.HOSTS_FAILED, r.stderr);
  whole = read('whole.json');
});
after(async () => {
  await fleets?.stop();
});

/** Which shard report holds each host. */
function shardOfHost(files: readonly string[]): Map<string, string> {
  const owner = new Map<string, string>();
  for (const file of files) {
    for (const host of read(file).hosts) {
      assert.equal(owner.get(host), undefined, `${host} is in ${owner.get(host)} and ${file}`);
      owner.set(host, file);
    }
  }
  return owner;
}

for (const n of [3, 7]) {
  test(`${n} shards at once, merged: the whole run's rows, recap, clusters and exit code; no host twice, no cluster split`, async () => {
    const { files, codes } = await runShards('check', n);
    const owner = shardOfHost(files);
    assert.deepEqual([...owner.keys()].sort(), [...whole.hosts].sort(), 'every host in one shard');
    for (const m of [...fleets.members.map((x) => ({ name: x.spec.name, hosts: x.hosts() })), { name: 'c9', hosts: ['c9-server-1'] }]) {
      assert.equal(
        new Set(m.hosts.map((h) => owner.get(h))).size,
        1,
        `cluster ${m.name} in one shard: ${m.hosts.map((h) => `${h}→${owner.get(h)}`).join(', ')}`,
      );
    }
    // Each shard's own code: 3 where the unreachable host is alone, 2 where a cluster needs attention.
    for (const [i, file] of files.entries()) assert.equal(codes[i], read(file).exitCode, file);
    const merged = await runCli([
      'report',
      'merge',
      ...files.map((f) => join(dir, f)),
      '--report',
      join(dir, `fleet-${n}.json`),
      '--expect',
      String(n),
    ]);
    assert.equal(merged.code, whole.exitCode, merged.stderr);
    const fleet = read(`fleet-${n}.json`);
    assert.equal(fleet.exitCode, whole.exitCode);
    assert.deepEqual(fleet.stats, whole.stats, 'the recap');
    assert.deepEqual(fleet.records.certificates, whole.records.certificates, 'every certificate row, in order');
    assert.deepEqual(fleet.records.clusters, whole.records.clusters, 'one row per cluster');
    assert.deepEqual(fleet.records, whole.records, 'every table');
    assert.equal(new Set(fleet.hosts).size, fleet.hosts.length, 'no host twice');
    assert.deepEqual([...fleet.hosts].sort(), [...whole.hosts].sort());
    // The unreachable host's shard shows in the merge: its code, its host's recap.
    const c9 = owner.get('c9-server-1')!;
    assert.equal(fleet.merged?.reports.find((s) => s.file.endsWith(c9))?.exitCode, read(c9).exitCode);
    assert.equal(fleet.stats['c9-server-1']?.unreachable, 1);
  });
}

test('a shard killed before writing its report is named missing; nothing is written', async () => {
  const { files } = await runShards('killed', 3, inventory, 2);
  assert.equal(existsSync(join(dir, files[1]!)), false);
  const present = [files[0]!, files[2]!].map((f) => join(dir, f));
  const r = await runCli(['report', 'merge', ...present, '--report', join(dir, 'killed-fleet.json'), '--expect', '3']);
  assert.equal(r.code, EXIT.LOAD_FAILED, r.stderr);
  assert.match(r.stderr, /shard 2\/3 is missing/);
  assert.equal(existsSync(join(dir, 'killed-fleet.json')), false);
});

test('one cluster in two inventory files (servers and agents apart) lands in two shards: the merge names the cluster and refuses', async () => {
  // c3's file split in two: its server in one file, its agents in another (two units, no k3s_cluster_name).
  const [, c3File] = fleets.inventory('files', { clusters: ['c3'] });
  const doc = parse(readFileSync(c3File!, 'utf8')) as {
    k3s_cluster: { children: { server: { hosts: object }; agent: { hosts: object } } };
  };
  const agents = join(dir, 'c3-agents.yaml');
  // A server file name that two shards split from the agents' file (the shard follows the path; one name in two does).
  const servers = Array.from({ length: 64 }, (_, i) => join(dir, `c3-servers-${i}.yaml`)).find(
    (f) => rendezvousShard(`file:${f}`, 2) !== rendezvousShard(`file:${agents}`, 2),
  )!;
  writeFileSync(
    servers,
    stringify({ k3s_cluster: { ...doc.k3s_cluster, children: { ...doc.k3s_cluster.children, agent: { hosts: {} } } } }),
  );
  writeFileSync(
    agents,
    stringify({ k3s_cluster: { ...doc.k3s_cluster, children: { ...doc.k3s_cluster.children, server: { hosts: {} } } } }),
  );
  const n = 2;
  const { files } = await runShards('split', n, ['-i', servers, '-i', agents]);
  const reports = files.filter((f) => read(f).hosts.length > 0);
  assert.equal(reports.length, 2, 'the server and the agents ran in two shards');
  const r = await runCli(['report', 'merge', ...files.map((f) => join(dir, f)), '--report', join(dir, 'split-fleet.json')]);
  assert.equal(r.code, EXIT.LOAD_FAILED, r.stderr);
  const ca = fleets.member('c3').caName;
  assert.match(
    r.stderr,
    new RegExp(
      `${ca} \\(a partition_by key: for the k3s playbooks, a cluster\\) was run in 2 reports: .*c3-server-1 in .*unit file:.*c3-servers-\\d+\\.yaml.*c3-agent-1, c3-agent-2 in .*unit file:.*c3-agents\\.yaml|${ca} .* was run in 2 reports: .*c3-agent-1, c3-agent-2 in .*unit file:.*c3-agents\\.yaml.*c3-server-1 in .*unit file:.*c3-servers-\\d+\\.yaml`,
    ),
  );
  assert.match(r.stderr, /give them one k3s_cluster_name/);
  assert.equal(existsSync(join(dir, 'split-fleet.json')), false);
});
