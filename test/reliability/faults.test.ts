/**
 * Faults against the real test sshd and the simulator, running the real `certbook run`: a task
 * that hangs is stopped on the host too; no room for the backup fails the node before anything
 * is deleted; the connection dropping during the k3s start is survived (reconnect, make sure k3s
 * runs, verify), and a host lost for good then is reported unreachable with its backup named;
 * one host's sshd killed mid-run makes that host unreachable while the others finish.
 * The tests share one fleet (each node behind its own sshd) and run in order.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type SimulatedFleet, startSimulatedFleet } from '../harness/simulated-cluster.js';
import { tempDir } from '../harness/temp-dir.js';
import { snapshotNode, withoutServingCopy } from '../playbooks/fleet-state.js';
import { opensslEndDate, resultsOf, runPlaybook } from '../playbooks/playbook-run.js';
import { backups, killSshd, until, untilTaskStarts } from './fault-tools.js';

describe('faults during real runs', () => {
  let fleet: SimulatedFleet;
  before(async () => {
    fleet = await startSimulatedFleet({
      servers: 1,
      agents: 2,
      nodesPerSshd: 1,
      version: 'v1.33.1+k3s1',
      state: { leafDaysLeft: 300, servingDaysLeft: 300 },
    });
  });
  after(async () => {
    await fleet?.stop();
  });

  test('a hanging command is ended by the task timeout on the host, not only on the controller', async () => {
    const dir = tempDir('certbook-hang-');
    const playbook = join(dir, 'hang.yaml');
    writeFileSync(
      playbook,
      '- hosts: server-1\n  gather_facts: false\n  become: true\n  tasks:\n    - name: hang\n      shell: sleep 3117\n      timeout: 2\n',
    );
    const run = await runPlaybook(playbook, fleet.inventoryFile);
    assert.equal(run.code, 2, run.stdout);
    assert.match(String(resultsOf(run.report, 'hang')[0]!.result.msg), /timed out after 2 seconds/);
    const left = await fleet.ssh('server-1', 'pgrep -f "sleep 311[7]"');
    assert.equal(left.code, 1, `still running on the host: ${left.stdout}`);
  });

  test('no room for the backup: the node fails before anything is deleted or restarted', async () => {
    const mnt = tempDir('certbook-full-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]);
    try {
      // Fill it: no room left at all.
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${join(mnt, 'fill')}`, 'bs=4k'], { stdio: 'ignore' });
      } catch {
        /* ENOSPC, as wanted */
      }
      const before = snapshotNode(fleet, 'server-1');
      const run = await runPlaybook('rotate', fleet.inventoryFile, ['-e', 'force=true', '-e', `k3s_backup_dir=${mnt}`]);
      assert.equal(run.code, 2, run.stdout);
      assert.deepEqual(
        resultsOf(run.report, 'Back up server/tls').map((r) => [r.host, r.status]),
        [['server-1', 'failed']],
      );
      for (const name of ['Stop k3s before `k3s certificate rotate`', 'k3s certificate rotate']) {
        assert.deepEqual(
          resultsOf(run.report, name).filter((r) => r.status !== 'skipped'),
          [],
          `${name} did not run`,
        );
      }
      assert.deepEqual(
        withoutServingCopy(snapshotNode(fleet, 'server-1')).tls,
        withoutServingCopy(before).tls,
        'every certificate still there',
      );
    } finally {
      execFileSync('umount', [mnt]);
      rmSync(mnt, { recursive: true, force: true });
    }
  });

  test('the connection drops while rotate starts k3s: certbook reconnects, makes sure k3s runs and verifies the node (exit 0)', async () => {
    const paths = fleet.cluster.paths('server-1');
    const backupDir = join(paths.dataDir, 'certbook-backups');
    rmSync(backupDir, { recursive: true, force: true });
    writeFileSync(paths.dropConnectionOnStartFile, 'session');
    const adminBefore = opensslEndDate(join(paths.dataDir, 'server', 'tls', 'client-admin.crt'));
    const run = await runPlaybook('rotate', fleet.inventoryFile, ['-e', 'force=true', '--limit', 'server-1']);
    assert.equal(existsSync(paths.dropConnectionOnStartFile), false, 'the fault fired');
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(
      resultsOf(run.report, 'Start k3s on the new certificates').map((r) => [r.host, r.status]),
      [['server-1', 'unreachable']],
    );
    // `changed` when the retry found k3s still activating and asked systemd to start it (a no-op there).
    assert.deepEqual(
      resultsOf(run.report, /^k3s is running \(reconnected/).map((r) => [r.host, r.status === 'changed' ? 'ok' : r.status]),
      [['server-1', 'ok']],
    );
    assert.deepEqual(
      resultsOf(run.report, 'The node is Ready (kubectl with server verification on)').map((r) => r.status),
      ['ok'],
    );
    assert.equal(run.report.stats['server-1']!.unreachable, 0, 'an ignored drop is not an unreachable host');
    assert.notEqual(opensslEndDate(join(paths.dataDir, 'server', 'tls', 'client-admin.crt')), adminBefore, 'rotated');
    assert.equal(existsSync(join(paths.dataDir, 'certbook-rotate.lock')), false, 'the lock released over the new connection');
    assert.equal(backups(backupDir).length, 1, 'one backup taken');
  });

  test("one host's sshd killed mid-run: that host is unreachable (exit 3), the others finish, the report is written", async () => {
    const events = join(tempDir('certbook-kill-'), 'events.jsonl');
    mkdirSync(join(events, '..'), { recursive: true });
    const running = runPlaybook('check-expiry', fleet.inventoryFile, ['--events', events, '--forks', '1']);
    await untilTaskStarts(events, 'Find k3s or RKE2 on the node, its version and its clock');
    killSshd(fleet.endpoint('agent-2').port);
    const run = await running;
    assert.equal(run.code, 3, run.stdout);
    assert.ok(run.report.stats['agent-2']!.unreachable >= 1);
    for (const name of ['server-1', 'agent-1']) {
      const s = run.report.stats[name]!;
      assert.equal(s.unreachable + s.failed, 0, `${name} finished`);
    }
    const rows = (run.report.records.certificates?.rows ?? []).map((r) => r.host);
    assert.ok(rows.includes('server-1') && rows.includes('agent-1'), 'the others are in the report');
  });

  // Last: agent-1's sshd stays dead.
  test('the host is lost for good while rotate restarts k3s: exit 3, unreachable, its backup named in the output and intact', async () => {
    const paths = fleet.cluster.paths('agent-1');
    const backupDir = join(paths.dataDir, 'certbook-backups');
    rmSync(backupDir, { recursive: true, force: true });
    writeFileSync(paths.dropConnectionOnStartFile, 'sshd');
    const run = await runPlaybook('rotate', fleet.inventoryFile, ['-e', 'force=true', '--limit', 'agent-1']);
    assert.equal(run.code, 3, run.stdout);
    assert.equal(run.report.stats['agent-1']!.unreachable, 1, 'reported unreachable');
    assert.deepEqual(
      resultsOf(run.report, /^k3s is running \(reconnected/).map((r) => [r.host, r.status]),
      [['agent-1', 'unreachable']],
    );
    const taken = backups(backupDir, 'agent');
    assert.equal(taken.length, 1, 'one backup taken');
    assert.ok(
      taken[0]!.entries.some((e) => e.endsWith('client-kubelet.crt')),
      'the backup holds the certificates',
    );
    assert.ok(run.stdout.includes(join(backupDir, taken[0]!.file)), 'the output names the backup');
    // The restart itself went on, as under systemd: the node comes up on its new certificates
    // (after the run ended, which did not wait for a node it could no longer reach).
    await until(() => existsSync(paths.readyFile), 'k3s came up on agent-1');
  });
});
