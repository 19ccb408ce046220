/**
 * rotate's kubeconfigs, over real sshd with the real kubectl on the controller: `-e
 * kubeconfig_out=DIR` writes each cluster's admin kubeconfig (0600, named after the cluster,
 * pointed at the server's address), which works; the copy taken before the rotation is named
 * stale, and is refused by the API when its certificate has expired or accepted until it expires
 * when it has not (same client CA). --check writes nothing; a second run changes nothing; no key
 * material reaches the output or the report.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { type SimulatedFleet, startSimulatedFleet } from '../harness/simulated-cluster.js';
import { tempDir } from '../harness/temp-dir.js';
import { type PlaybookRun, resultsOf, runPlaybook, totalChanged } from './playbook-run.js';

const CURRENT = 'v1.33.1+k3s1';

/** The real kubectl on the controller with only this kubeconfig. */
function kubectl(kubeconfig: string): { code: number | null; out: string } {
  const r = spawnSync('kubectl', ['--kubeconfig', kubeconfig, '--request-timeout=20s', 'get', 'nodes'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: tempDir('certbook-kubectl-home-') },
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

/** The debug lines a judging task printed, per host. */
function judged(run: PlaybookRun, task: string): string[] {
  return resultsOf(run.report, task).flatMap((r) => (r.result.msg as string[] | undefined) ?? []);
}

/** The client key of a kubeconfig, in every form it could leak in. */
function keyForms(kubeconfig: string): string[] {
  const doc = parse(readFileSync(kubeconfig, 'utf8')) as { users: Array<{ user: Record<string, string> }> };
  const data = doc.users[0]!.user['client-key-data']!;
  const pem = Buffer.from(data, 'base64').toString('utf8');
  return [data, ...pem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))];
}

function assertNoKey(run: PlaybookRun, kubeconfig: string): void {
  const texts = [run.stdout, run.stderr, JSON.stringify(run.report)];
  for (const form of keyForms(kubeconfig))
    assert.ok(
      texts.every((t) => !t.includes(form)),
      'client key material in the output or the report',
    );
}

async function withFleet(leafDaysLeft: number, body: (fleet: SimulatedFleet, dir: string) => Promise<void>): Promise<void> {
  const fleet = await startSimulatedFleet({
    servers: 1,
    agents: 1,
    version: CURRENT,
    state: { leafDaysLeft, servingDaysLeft: leafDaysLeft },
  });
  try {
    await body(fleet, tempDir('certbook-kubeconfigs-'));
  } finally {
    await fleet.stop();
  }
}

describe('rotate -e kubeconfig_out, kubeconfig_check, kubeconfig_check_nodes', { concurrency: 2 }, () => {
  test('everything expired: the refreshed kubeconfig works with kubectl, the old copy is named stale and refused (expired)', async () => {
    await withFleet(-10, async (fleet, dir) => {
      const server = fleet.cluster.servers[0]!;
      const old = join(dir, 'old.yaml');
      copyFileSync(server.kubeconfigPath, old);
      const out = join(dir, 'out');
      mkdirSync(out);
      const ask = [
        '-e',
        `kubeconfig_out=${out}/`,
        '-e',
        JSON.stringify({ kubeconfig_check: [old, join(dir, 'absent.yaml')], kubeconfig_check_nodes: [old] }),
      ];

      const check = await runPlaybook('rotate', fleet.inventoryFile, ['--check', ...ask]);
      assert.equal(check.code, 0, check.stdout);
      assert.deepEqual(readdirSync(out), [], '--check writes nothing');
      const would = resultsOf(check.report, /^Write the cluster's admin kubeconfig/);
      assert.equal(would.length, 1);
      assert.match(String(would[0]!.result.msg), /^would write .*\.yaml \(new\)$/);

      const first = await runPlaybook('rotate', fleet.inventoryFile, ask);
      assert.equal(first.code, 0, first.stdout);
      const files = readdirSync(out);
      assert.equal(files.length, 1, 'one file for the one cluster');
      const fresh = join(out, files[0]!);
      const cluster = files[0]!.replace(/\.yaml$/, '');
      assert.match(cluster, /^ca-[0-9a-f]{12}$/, 'named after the cluster (its server CA fingerprint, no k3s_cluster_name)');
      assert.equal(statSync(fresh).mode & 0o777, 0o600);
      const doc = parse(readFileSync(fresh, 'utf8')) as Record<string, any>;
      assert.equal(doc['current-context'], cluster);
      assert.deepEqual(doc.contexts, [{ context: { cluster, user: cluster }, name: cluster }]);
      assert.equal(
        doc.clusters[0].cluster.server,
        `https://${server.address}:${server.port}`,
        'the address certbook reaches the server by',
      );

      assert.equal(kubectl(fresh).code, 0, 'the refreshed kubeconfig works');
      const refused = kubectl(old);
      assert.notEqual(refused.code, 0, 'the old one is refused');
      assert.match(
        refused.out,
        /You must be logged in to the server/,
        "refused for its client certificate (expired: 401), not for the server's certificate",
      );
      const controller = judged(first, 'Kubeconfigs on the controller');
      assert.equal(controller.length, 2, controller.join('\n'));
      assert.match(
        controller[0]!,
        new RegExp(`^${old} \\[default\\]: stale: an earlier system:admin certificate .*: it expired on .*, so the API refuses it$`),
      );
      assert.equal(controller[1], `${join(dir, 'absent.yaml')}: absent`);
      const nodes = judged(first, 'Kubeconfig copies on the node');
      assert.equal(nodes.length, 2, 'the copy judged on the server and on the agent');
      for (const line of nodes) assert.match(line, /: stale: .*expired/);
      assertNoKey(first, fresh);
      assertNoKey(first, old);

      const before = statSync(fresh);
      const again = await runPlaybook('rotate', fleet.inventoryFile, [
        '-e',
        `kubeconfig_out=${out}`,
        '-e',
        JSON.stringify({ kubeconfig_check: [fresh] }),
      ]);
      assert.equal(again.code, 0, again.stdout);
      assert.equal(totalChanged(again.report), 0, 'nothing rotated, the file up to date');
      assert.equal(statSync(fresh).mtimeMs, before.mtimeMs, 'the file was not rewritten');
      assert.equal(statSync(fresh).ino, before.ino);
      assert.match(judged(again, 'Kubeconfigs on the controller')[0]!, new RegExp(`^${fresh} \\[${cluster}\\]: current: `));
    });
  });

  test('leaves inside the window: the old copy is stale but still accepted until its certificate expires, and says so', async () => {
    await withFleet(30, async (fleet, dir) => {
      const server = fleet.cluster.servers[0]!;
      const old = join(dir, 'old.yaml');
      copyFileSync(server.kubeconfigPath, old);
      const run = await runPlaybook('rotate', fleet.inventoryFile, ['-e', JSON.stringify({ kubeconfig_check: [old] })]);
      assert.equal(run.code, 0, run.stdout);
      const [line] = judged(run, 'Kubeconfigs on the controller');
      assert.match(
        line!,
        /: stale: an earlier system:admin certificate .*: signed by the same client CA, so the API still accepts it until it expires on \S+ \(in (29|30) days\); replace it before then$/,
      );
      assert.equal(kubectl(old).code, 0, 'accepted: same client CA, not expired, as the line says');
      assertNoKey(run, old);
    });
  });

  test('a missing kubeconfig_out directory fails the refresh with a clear message, after the rollout', async () => {
    await withFleet(300, async (fleet, dir) => {
      const run = await runPlaybook('rotate', fleet.inventoryFile, ['-e', `kubeconfig_out=${join(dir, 'nope')}`]);
      assert.equal(run.code, 2, run.stdout);
      const [write] = resultsOf(run.report, /^Write the cluster's admin kubeconfig/);
      assert.equal(write!.status, 'failed');
      assert.match(String(write!.result.msg), /the directory .*nope does not exist on the controller \(create it first: mkdir -m 0700 -p /);
    });
  });
});
