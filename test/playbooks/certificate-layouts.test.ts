/**
 * check-expiry reads every certificate file a node keeps, whatever the layout of its k3s
 * version: each `.crt` under `server/tls` at any depth and at the top of `agent/` is exactly one
 * `file` row (v1.18 without etcd/, v1.24 with etcd/, v1.33.1 with the kube-controller-manager/ and
 * kube-scheduler/ serving certificates of k3s#12172), and a Rancher-provisioned cluster's
 * self-signed kube-scheduler certificate near its end is a finding.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type SimulatedFleet, startSimulatedFleet } from '../harness/simulated-cluster.js';
import { certificateRows, runPlaybook } from './playbook-run.js';

/** The certificate files of one node on disk: `server/tls/**\/*.crt` and `agent/*.crt`. */
function certificateFilesOnDisk(fleet: SimulatedFleet, node: string): string[] {
  const dataDir = fleet.cluster.paths(node).dataDir;
  const found: string[] = [];
  const walk = (dir: string, deep: boolean): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory() && deep) walk(join(dir, e.name), deep);
      else if (e.isFile() && e.name.endsWith('.crt')) found.push(join(dir, e.name));
    }
  };
  walk(join(dataDir, 'server', 'tls'), true);
  walk(join(dataDir, 'agent'), false);
  return found.sort();
}

function fileRows(rows: Array<Record<string, unknown>>, host: string): string[] {
  return rows
    .filter((r) => r.host === host && r.source === 'file')
    .map((r) => String(r.path))
    .sort();
}

describe('certificate layouts', { concurrency: 3 }, () => {
  for (const version of ['v1.18.6+k3s1', 'v1.24.17+k3s1', 'v1.33.1+k3s1']) {
    test(`${version}: every certificate file on disk is one row, nothing else`, async () => {
      const fleet = await startSimulatedFleet({ servers: 1, agents: 1, version, state: { leafDaysLeft: 300, servingDaysLeft: 300 } });
      try {
        const run = await runPlaybook('check-expiry', fleet.inventoryFile);
        assert.equal(run.code, 0, run.stdout);
        const rows = certificateRows(run.report);
        for (const node of ['server-1', 'agent-1']) assert.deepEqual(fileRows(rows, node), certificateFilesOnDisk(fleet, node), node);
        const components = fileRows(rows, 'server-1').filter((p) => /\/server\/tls\/kube-(controller-manager|scheduler)\//.test(p));
        assert.equal(components.length, version.startsWith('v1.33') ? 2 : 0, components.join(', '));
        const etcd = fileRows(rows, 'server-1').filter((p) => p.includes('/server/tls/etcd/'));
        assert.equal(etcd.length > 0, !version.startsWith('v1.18'));
      } finally {
        await fleet.stop();
      }
    });
  }

  test('a Rancher-provisioned self-signed kube-scheduler certificate 20 days from its end is a finding', async () => {
    const fleet = await startSimulatedFleet({
      servers: 1,
      agents: 0,
      version: 'v1.29.4+k3s1',
      state: { leafDaysLeft: 300, servingDaysLeft: 300 },
    });
    try {
      const dir = join(fleet.cluster.paths('server-1').dataDir, 'server', 'tls', 'kube-scheduler');
      execFileSync('mkdir', ['-p', dir]);
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-subj',
          '/CN=kube-scheduler',
          '-addext',
          'basicConstraints=critical,CA:FALSE',
          '-days',
          '20',
          '-keyout',
          join(dir, 'kube-scheduler.key'),
          '-out',
          join(dir, 'kube-scheduler.crt'),
        ],
        { stdio: 'ignore' },
      );
      const run = await runPlaybook('check-expiry', fleet.inventoryFile);
      assert.equal(run.code, 2, run.stdout);
      const row = certificateRows(run.report).find((r) => r.path === join(dir, 'kube-scheduler.crt'));
      assert.ok(row, 'the kube-scheduler certificate is a row');
      assert.equal(row.is_ca, false);
      assert.ok(Number(row.days_left) <= 20 && Number(row.days_left) >= 19, String(row.days_left));
      assert.match(run.stdout, /kube-scheduler\/kube-scheduler\.crt/);
    } finally {
      await fleet.stop();
    }
  });
});
