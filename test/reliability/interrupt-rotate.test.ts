/**
 * SIGINT and SIGTERM during `certbook run rotate` (the real launcher, a child process): exit 99,
 * the recap, the report, and no node left with certificates deleted and no backup.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startSimulatedFleet, type SimulatedFleet } from '../harness/simulated-cluster.js';
import { tempDir } from '../harness/temp-dir.js';
import { backups, untilTaskStarts } from './fault-tools.js';

const root = join(import.meta.dirname, '..', '..');

/** Runs rotate as a child process, sends `signal` once `task` has started, returns what it left. */
async function interruptRotate(fleet: SimulatedFleet, task: string, signal: NodeJS.Signals): Promise<{ code: number | null; stdout: string; report: { interrupted: boolean; exitCode: number } }> {
  const dir = tempDir('certbook-sig-');
  const events = join(dir, 'events.jsonl');
  const report = join(dir, 'report.json');
  const child = spawn(process.execPath, [join(root, 'bin', 'certbook.js'), 'run', 'rotate', '-i', fleet.inventoryFile, '-e', 'force=true', '--events', events, '--report', report],
    { cwd: dir, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await Promise.race([untilTaskStarts(events, task), exited.then((c) => { throw new Error(`rotate ended first (exit ${c}):\n${stdout}`); })]);
  child.kill(signal);
  const code = await exited;
  return { code, stdout, report: JSON.parse(readFileSync(report, 'utf8')) as { interrupted: boolean; exitCode: number } };
}

/** Every node either still has its leaf certificates or has a backup holding them. */
function assertNoNodeWithoutCertificatesAndBackup(fleet: SimulatedFleet): string[] {
  return fleet.cluster.servers.map((n) => {
    const data = fleet.cluster.paths(n.name).dataDir;
    const present = existsSync(join(data, 'server', 'tls', 'client-admin.crt'));
    const backed = backups(join(data, 'certbook-backups')).some((b) => b.entries.some((e) => e.endsWith('client-admin.crt')));
    assert.ok(present || backed, `${n.name}: certificates deleted and no backup`);
    return `${n.name}: certificates ${present ? 'present' : 'deleted'}, backup ${backed ? 'yes' : 'no'}`;
  });
}

describe('interrupting rotate', () => {
  let fleet: SimulatedFleet;
  before(async () => {
    fleet = await startSimulatedFleet({ servers: 2, agents: 1, version: 'v1.33.1+k3s1', state: { leafDaysLeft: 300, servingDaysLeft: 300 } });
  });
  after(async () => { await fleet?.stop(); });

  for (const [signal, task] of [['SIGINT', 'Back up server/tls'], ['SIGTERM', 'k3s certificate rotate']] as const) {
    test(`${signal} while "${task}" runs: exit 99, recap, report, no node without certificates and backup`, async () => {
      const run = await interruptRotate(fleet, task, signal);
      assert.equal(run.code, 99, run.stdout);
      assert.match(run.stdout, /PLAY RECAP/);
      assert.equal(run.report.interrupted, true);
      assert.equal(run.report.exitCode, 99);
      const state = assertNoNodeWithoutCertificatesAndBackup(fleet);
      const active = await fleet.ssh('server-1', 'systemctl is-active k3s');
      console.log(`${signal} during "${task}": ${state.join('; ')}; server-1 k3s ${active.stdout.trim()}`);
      await fleet.ssh('server-1', 'sudo systemctl start k3s');
    });
  }
});
