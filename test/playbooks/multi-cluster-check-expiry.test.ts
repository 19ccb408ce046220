/**
 * check-expiry on inventories holding several k3s clusters (issue #12), over real sshd with the
 * real kubectl. Five clusters in different states share one fleet:
 *
 *   c1  v1.18.6, 2 servers + 1 agent, files fresh, served certificate and Secret expired (the trap)
 *   c2  v1.18.6, 1 server + 1 agent, everything fresh, named by `k3s_cluster_name: edge-2`
 *   c3  v1.28.9, 1 server + 1 agent, leaves inside the 90-day window
 *   c4  v1.33.1, 1 server + 1 agent, leaves 100 days from expiry: inside its 120-day window
 *   c5  v1.18.6, a single node, everything fresh
 *
 * Node names repeat (`server-1` in every cluster); inventory hosts are `c1-server-1`, … . The
 * same fleet is read through every inventory shape (several -i, a directory, one merged file),
 * with the old group names (`master`/`node`, YAML and INI), and in parts: two clusters, a
 * single-node cluster with no agent group at all, a node whose `k3s` command is missing.
 * check-expiry changes nothing, so the clusters are shared by every test of this file.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type SimulatedFleets, startSimulatedFleets } from '../harness/simulated-fleets.js';
import { tempDir } from '../harness/temp-dir.js';
import { clusterRow, runOn, tableRows, tail } from './multi-cluster-run.js';
import { certificateRows, type PlaybookRun, resultsOf, totalChanged } from './playbook-run.js';

const OLD = 'v1.18.6+k3s1';
const MID = 'v1.28.9+k3s1';
const CURRENT = 'v1.33.1+k3s1';
const VERDICT = 'Certificates need no attention';

/** What each cluster's summary row and verdicts must say. */
const EXPECT: Record<string, { run: string; servers: number; agents: number; soonestDays: [number, number]; verdict: RegExp | 'ok' }> = {
  c1: {
    run: 'force-reissue-serving',
    servers: 2,
    agents: 1,
    soonestDays: [-11, -10],
    verdict: /stale serving certificate: run force-reissue-serving/,
  },
  c2: { run: 'nothing', servers: 1, agents: 1, soonestDays: [299, 300], verdict: 'ok' },
  c3: { run: 'rotate', servers: 1, agents: 1, soonestDays: [29, 30], verdict: /inside the 90-day window.*run rotate/ },
  c4: { run: 'rotate', servers: 1, agents: 1, soonestDays: [99, 100], verdict: /inside the 120-day window.*run rotate/ },
  c5: { run: 'nothing', servers: 1, agents: 0, soonestDays: [299, 300], verdict: 'ok' },
};

let fleets: SimulatedFleets;

before(async () => {
  fleets = await startSimulatedFleets([
    { name: 'c1', servers: 2, agents: 1, version: OLD, state: { leafDaysLeft: 300, servingDaysLeft: -10 } },
    { name: 'c2', servers: 1, agents: 1, version: OLD, state: { leafDaysLeft: 300, servingDaysLeft: 300 }, clusterName: 'edge-2' },
    { name: 'c3', servers: 1, agents: 1, version: MID, state: { leafDaysLeft: 30, servingDaysLeft: 300 } },
    { name: 'c4', servers: 1, agents: 1, version: CURRENT, state: { leafDaysLeft: 100, servingDaysLeft: 300 } },
    { name: 'c5', servers: 1, agents: 0, version: OLD, state: { leafDaysLeft: 300, servingDaysLeft: 300 } },
  ]);
});
after(async () => {
  await fleets?.stop();
});

/** The notAfter of the certificate in a cluster's k3s-serving Secret, as the report writes dates. */
function secretNotAfter(name: string): string {
  const secret = fleets.member(name).cluster.servingSecret();
  assert.ok(secret?.data['tls.crt'], `cluster ${name} has its Secret`);
  const cert = new X509Certificate(Buffer.from(secret.data['tls.crt'], 'base64'));
  return new Date(cert.validTo).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Everything check-expiry must say of `clusters` (spec names) when the inventory holds exactly
 * them: rows, Secret rows, per-cluster summary rows, verdicts, exit code.
 */
function assertPerCluster(run: PlaybookRun, clusters: readonly string[]): void {
  // Every part is checked and every failure listed at once: one missing piece of the contract
  // does not hide the others.
  const problems: string[] = [];
  const part = (what: string, fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      problems.push(`${what}: ${(err as Error).message.split('\n').slice(0, 6).join(' ')}`);
    }
  };
  const rows = certificateRows(run.report);
  const members = clusters.map((c) => fleets.member(c));
  const wanted = new Map(members.map((m) => [m.spec.name, m.expectedName]));

  part('exit code', () => {
    const attention = members.some((m) => EXPECT[m.spec.name]!.verdict !== 'ok');
    assert.equal(run.code, attention ? 2 : 0);
    assert.equal(totalChanged(run.report), 0);
  });
  // Every node of every cluster was read; every server probed on its own address.
  part('rows per node', () => {
    for (const row of rows)
      assert.ok(wanted.has(fleets.owner(String(row.host)).member.spec.name), `row of a host outside the inventory: ${String(row.host)}`);
    for (const m of members) {
      for (const n of m.cluster.nodes)
        assert.ok(
          rows.some((r) => r.host === m.host(n) && r.source === 'file'),
          `file rows of ${m.host(n)}`,
        );
      for (const s of m.cluster.servers) {
        const served = rows.filter((r) => r.host === m.host(s) && r.source === 'served');
        assert.equal(served.length, 1, `one served row for ${m.host(s)}`);
        assert.equal(served[0]!.path, `${s.address}:${s.port}`);
      }
    }
  });
  // Cluster identity: every row carries its node's cluster, found without configuration
  // (the CA fingerprint) unless k3s_cluster_name names it.
  part('cluster column', () => {
    for (const row of rows) {
      const { member } = fleets.owner(String(row.host));
      assert.equal(row.cluster, member.expectedName, `cluster of ${String(row.host)} ${String(row.source)} ${String(row.path)}`);
    }
  });

  // The Secret: read once per cluster, from one of its own servers, and it is that cluster's.
  part('Secret rows', () => {
    const secretRows = rows.filter((r) => r.source === 'secret');
    assert.equal(
      secretRows.length,
      members.length,
      `one Secret row per cluster: ${JSON.stringify(secretRows.map((r) => [r.host, r.cluster]))}`,
    );
    for (const m of members) {
      const own = secretRows.filter((r) => m.hosts().includes(String(r.host)));
      assert.equal(own.length, 1, `Secret row of ${m.spec.name}, read from one of its own servers`);
      assert.equal(own[0]!.cluster, m.expectedName);
      assert.equal(own[0]!.path, 'kube-system/k3s-serving');
      assert.equal(own[0]!.not_after, secretNotAfter(m.spec.name), `${m.spec.name}'s Secret row holds its own Secret's certificate`);
    }
  });
  part('Secret reads', () => {
    const reads = resultsOf(run.report, /^Read kube-system\/k3s-serving/).filter((r) => r.status !== 'skipped');
    for (const m of members) {
      const own = reads.filter((r) => fleets.owner(r.host).member === m);
      assert.equal(own.length, 1, `${m.spec.name}'s Secret read once: ${JSON.stringify(reads.map((r) => r.host))}`);
    }
  });

  // One summary row per cluster, right; and one line per cluster after the table.
  part('records.clusters', () => {
    assert.equal(
      tableRows(run.report, 'clusters').length,
      members.length,
      `records.clusters: ${JSON.stringify(tableRows(run.report, 'clusters'))}`,
    );
  });
  for (const m of members) {
    const expect = EXPECT[m.spec.name]!;
    part(`records.clusters row of ${m.spec.name}`, () => {
      const row = clusterRow(run.report, m.expectedName);
      assert.equal(Number(row.servers), expect.servers, `${m.spec.name} servers`);
      assert.equal(Number(row.agents), expect.agents, `${m.spec.name} agents`);
      assert.equal(row.run, expect.run, `${m.spec.name} run`);
      const own = rows.filter((r) => r.cluster === m.expectedName);
      const soonest = own.map((r) => String(r.not_after)).sort()[0];
      assert.equal(row.soonest_not_after, soonest, `${m.spec.name} soonest_not_after is its soonest row`);
      const days = Number(row.soonest_days_left);
      assert.equal(days, Math.min(...own.map((r) => Number(r.days_left))), `${m.spec.name} soonest_days_left`);
      assert.ok(days >= expect.soonestDays[0] && days <= expect.soonestDays[1], `${m.spec.name} soonest_days_left ${days}`);
    });
    part(`summary line of ${m.spec.name}`, () => {
      assert.ok(
        run.stdout.split('\n').some((l) => l.includes(m.expectedName) && l.includes(expect.run)),
        `a line naming ${m.expectedName} and ${expect.run}`,
      );
    });
  }

  // Verdicts per host: each cluster judged by its own certificates and its own Secret only.
  const verdicts = resultsOf(run.report, VERDICT);
  for (const m of members) {
    const expect = EXPECT[m.spec.name]!;
    for (const n of m.cluster.nodes) {
      part(`verdict of ${m.host(n)}`, () => {
        const v = verdicts.filter((r) => r.host === m.host(n));
        assert.equal(v.length, 1, `one verdict for ${m.host(n)}`);
        const msg = String(v[0]!.result.msg);
        if (expect.verdict === 'ok') {
          assert.equal(v[0]!.status, 'ok', `${m.host(n)} needs nothing: ${msg}`);
          assert.doesNotMatch(msg, /k3s-serving Secret/, `${m.host(n)} not blamed for another cluster's Secret`);
        } else if (m.spec.name === 'c1' && n.role === 'agent') {
          assert.equal(v[0]!.status, 'ok', `${m.host(n)}: an agent has no serving certificate: ${msg}`);
        } else {
          assert.equal(v[0]!.status, 'failed', `${m.host(n)}: ${msg}`);
          assert.match(msg, expect.verdict, m.host(n));
        }
      });
    }
  }
  assert.deepEqual(problems, [], `${problems.length} part(s) of the contract not met:\n- ${problems.join('\n- ')}\n${tail(run, 30)}`);
}

test('five clusters as several -i (one k3s-ansible file each): rows, Secret rows, summary and verdicts right per cluster; --metrics labels the cluster', async () => {
  const metrics = join(tempDir('certbook-multi-cluster-'), 'k3s.prom');
  const run = await runOn('check-expiry', fleets.inventory('files'), ['--metrics', metrics]);
  assertPerCluster(run, ['c1', 'c2', 'c3', 'c4', 'c5']);
  const gauges = readFileSync(metrics, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('certbook_certificate_expiry_timestamp_seconds{'));
  assert.equal(gauges.length, certificateRows(run.report).length);
  const labels = new Set(gauges.map((l) => /[{,]cluster="([^"]*)"/.exec(l)?.[1]));
  assert.deepEqual([...labels].sort(), fleets.members.map((m) => m.expectedName).sort());
});

test('five clusters as a directory (-i dir/): the same per-cluster results', async () => {
  assertPerCluster(await runOn('check-expiry', fleets.inventory('dir')), ['c1', 'c2', 'c3', 'c4', 'c5']);
});

test('five clusters in one merged file (one server and one agent group spanning them): the same per-cluster results', async () => {
  assertPerCluster(await runOn('check-expiry', fleets.inventory('merged')), ['c1', 'c2', 'c3', 'c4', 'c5']);
});

test("two clusters, the trap and a fresh one, in one file: the fresh servers are not blamed for the other cluster's Secret", async () => {
  // c2 first: its server is groups['server'][0], where a run-once read of "the" Secret would happen.
  assertPerCluster(await runOn('check-expiry', fleets.inventory('merged', { clusters: ['c2', 'c1'] })), ['c2', 'c1']);
});

test('old group names master/node (k3s-ansible before 2023), YAML: the same per-cluster results', async () => {
  assertPerCluster(await runOn('check-expiry', fleets.inventory('merged', { groups: { server: 'master', agent: 'node' } })), [
    'c1',
    'c2',
    'c3',
    'c4',
    'c5',
  ]);
});

test('old hosts.ini, INI with [master], [node], [k3s_cluster:children], one file per cluster: the same per-cluster results', async () => {
  const inventory = fleets.inventory('files', { format: 'ini', groups: { server: 'master', agent: 'node' } });
  assertPerCluster(await runOn('check-expiry', inventory), ['c1', 'c2', 'c3', 'c4', 'c5']);
});

test('a single-node cluster whose inventory has no agent group at all: checked, exit 0 (not 4)', async () => {
  const inventory = fleets.inventory('files', { clusters: ['c5'], omitEmptyAgentGroup: true });
  assert.doesNotMatch(readFileSync(inventory[1]!, 'utf8'), /agent/, 'the file has no agent group');
  const run = await runOn('check-expiry', inventory);
  assert.equal(run.code, 0, tail(run));
  assertPerCluster(run, ['c5']);
});

test('a node whose k3s command is missing: its certificates are still read, and its verdict says it assumed the 90-day window', async () => {
  const m = fleets.member('c2');
  const k3s = join(m.cluster.binDir('agent-1'), 'k3s');
  renameSync(k3s, `${k3s}.removed`);
  try {
    const run = await runOn('check-expiry', fleets.inventory('files', { clusters: ['c2'] }));
    const host = m.host('agent-1');
    const agentDir = join(m.cluster.paths('agent-1').dataDir, 'agent');
    const crts = readdirSync(agentDir)
      .filter((f) => f.endsWith('.crt'))
      .map((f) => join(agentDir, f))
      .sort();
    const rows = certificateRows(run.report).filter((r) => r.host === host);
    assert.deepEqual(
      rows
        .filter((r) => r.source === 'file')
        .map((r) => String(r.path))
        .sort(),
      crts,
      `every certificate of ${host} read\n${tail(run)}`,
    );
    assert.ok(
      rows.every((r) => r.status === 'OK' && r.cluster === m.expectedName),
      JSON.stringify(rows),
    );
    const verdict = resultsOf(run.report, VERDICT).filter((r) => r.host === host);
    assert.equal(verdict.length, 1, `a verdict for ${host}\n${tail(run)}`);
    // "assumed the 90-day window", "window 90 days assumed", …: the window and that it was assumed.
    const msg = String(verdict[0]!.result.msg);
    assert.match(msg, /assum/i, msg);
    assert.match(msg, /\b90[- ]day/, msg);
    // Its neighbour is unaffected.
    const server = resultsOf(run.report, VERDICT).filter((r) => r.host === m.host('server-1'));
    assert.equal(server[0]?.status, 'ok', JSON.stringify(server));
  } finally {
    renameSync(`${k3s}.removed`, k3s);
  }
  assert.ok(existsSync(k3s));
});

test('k3s_cluster_name as a group var (a group of its own beside k3s_cluster), in one merged file: the same per-cluster results', async () => {
  const inventory = fleets.inventory('merged', { clusterNameIn: 'group' });
  const text = readFileSync(inventory[1]!, 'utf8');
  assert.match(
    text,
    /^cluster_c2:\n {2}hosts:\n {4}"c2-server-1": \{\}\n {4}"c2-agent-1": \{\}\n {2}vars:\n {4}k3s_cluster_name: "edge-2"$/m,
  );
  assert.equal(text.match(/k3s_cluster_name/g)?.length, 1, 'named once, by the group');
  assertPerCluster(await runOn('check-expiry', inventory), ['c1', 'c2', 'c3', 'c4', 'c5']);
});

test('a cluster whose certificates are fine but whose CAs are inside the window: its summary says attention, exit 2', async () => {
  const ca = await startSimulatedFleets([
    { name: 'a1', servers: 1, agents: 1, version: MID, state: { leafDaysLeft: 300, servingDaysLeft: 300, caDaysLeft: 30 } },
  ]);
  try {
    const m = ca.member('a1');
    const run = await runOn('check-expiry', ca.inventory('files'));
    assert.equal(run.code, 2, tail(run));
    const row = clusterRow(run.report, m.expectedName);
    assert.deepEqual([Number(row.servers), Number(row.agents), row.run], [1, 1, 'attention'], JSON.stringify(row));
    for (const n of m.cluster.nodes) {
      const v = resultsOf(run.report, VERDICT).find((r) => r.host === m.host(n));
      assert.equal(v?.status, 'failed', JSON.stringify(v));
      assert.match(String(v!.result.msg), /CA certificate\(s\) inside the window/);
      assert.doesNotMatch(String(v!.result.msg), /run rotate|run force-reissue-serving/);
    }
    assert.ok(certificateRows(run.report).every((r) => r.cluster === m.expectedName));
  } finally {
    await ca.stop();
  }
});
