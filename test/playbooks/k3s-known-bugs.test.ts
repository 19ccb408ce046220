/**
 * Each known k3s bug of playbooks/vars/k3s-known-bugs.yaml on the simulator, at a release inside
 * its range and one just outside (1 server + 1 agent each, the clusters started together):
 * check-expiry names the bug where it applies and nowhere else, the simulator shows the bug, and
 * rotate works around it.
 *
 * - serving-not-renewed (k3s#5163): v1.23.4 keeps a serving certificate 30 days from its end
 *   across restarts, v1.23.10 renews it at start; rotate renews it on v1.23.4;
 *   force-reissue-serving names the bug on v1.23.4 only.
 * - agent-certificate-rotate-fails (k3s#9785): `k3s certificate rotate` on the v1.28.8 agent
 *   fails with `open …/server/token`, on v1.28.9 it works; rotate restarts the agents instead.
 * - supervisor-not-rotated (k3s#9832): `k3s certificate rotate` leaves client-supervisor.crt on
 *   v1.28.8, not on v1.28.9; rotate renews it on both.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type SimulatedFleet, startSimulatedFleet } from '../harness/simulated-cluster.js';
import { changedHosts, opensslServedEndDate, type Report, runPlaybook } from './playbook-run.js';

const DAY = 86_400_000;

/** `host bug` for every row of the known_bugs table. */
function bugRows(report: Report): string[] {
  return (report.records.known_bugs?.rows ?? []).map((r) => `${r.host} ${String(r.values.bug)}`).sort();
}

function supervisorCert(fleet: SimulatedFleet): string {
  return readFileSync(join(fleet.cluster.paths('server-1').dataDir, 'server', 'tls', 'client-supervisor.crt'), 'utf8');
}

function servedDaysLeft(fleet: SimulatedFleet): number {
  const server = fleet.cluster.servers[0]!;
  return (Date.parse(opensslServedEndDate(server.address, server.port)) - Date.now()) / DAY;
}

describe('known k3s bugs on the simulator', { concurrency: 2 }, () => {
  const fleets = new Map<string, SimulatedFleet>();
  const start = (version: string, servingDaysLeft: number) =>
    startSimulatedFleet({ servers: 1, agents: 1, version, state: { leafDaysLeft: 300, servingDaysLeft } }).then((f) =>
      fleets.set(version, f),
    );

  before(async () => {
    await Promise.all([start('v1.23.4+k3s1', 30), start('v1.23.10+k3s1', 30), start('v1.28.8+k3s1', 300), start('v1.28.9+k3s1', 300)]);
  });
  after(async () => {
    await Promise.all([...fleets.values()].map((f) => f.stop()));
  });

  test('serving-not-renewed: named on v1.23.4 and kept across a restart there; renewed at start on v1.23.10; rotate renews it', async () => {
    const inside = fleets.get('v1.23.4+k3s1')!;
    const outside = fleets.get('v1.23.10+k3s1')!;
    const [checkIn, checkOut] = await Promise.all([
      runPlaybook('check-expiry', inside.inventoryFile),
      runPlaybook('check-expiry', outside.inventoryFile),
    ]);
    // 30 days left: stale on v1.23.4; v1.23.10 has renewed it by itself (at start or its periodic check).
    assert.equal(checkIn.code, 2, checkIn.stdout);
    assert.deepEqual(bugRows(checkIn.report), ['server-1 serving-not-renewed']);
    assert.deepEqual(bugRows(checkOut.report), []);
    assert.match(checkIn.stdout, /v1\.23\.4\+k3s1: the serving certificate does not renew on restart \(k3s#5163\): rotate re-issues it/);

    for (const fleet of [inside, outside]) {
      const restart = await fleet.ssh('server-1', 'sudo systemctl restart k3s');
      assert.equal(restart.code, 0, restart.stderr);
    }
    assert.ok(servedDaysLeft(outside) > 300, 'a restart renews it on v1.23.10');
    assert.ok(servedDaysLeft(inside) < 31, 'a restart does not renew it on v1.23.4');

    const rotate = await runPlaybook('rotate', inside.inventoryFile);
    assert.equal(rotate.code, 0, rotate.stdout);
    assert.ok(servedDaysLeft(inside) > 300, 'rotate renewed the served certificate');

    // Both fresh now: force-reissue-serving has nothing to do, and names the bug where it is.
    const [reissueIn, reissueOut] = await Promise.all([
      runPlaybook('force-reissue-serving', inside.inventoryFile),
      runPlaybook('force-reissue-serving', outside.inventoryFile),
    ]);
    for (const run of [reissueIn, reissueOut]) assert.equal(run.code, 0, run.stdout);
    assert.match(reissueIn.stdout, /on server-1 a restart does not renew it \(known k3s bug serving-not-renewed, k3s#5163\)/);
    assert.doesNotMatch(reissueOut.stdout, /serving-not-renewed/);
  });

  test('agent-certificate-rotate-fails and supervisor-not-rotated: named on v1.28.8 only; rotate restarts agents and renews client-supervisor.crt on both', async () => {
    const inside = fleets.get('v1.28.8+k3s1')!;
    const outside = fleets.get('v1.28.9+k3s1')!;
    const [checkIn, checkOut] = await Promise.all([
      runPlaybook('check-expiry', inside.inventoryFile),
      runPlaybook('check-expiry', outside.inventoryFile),
    ]);
    assert.equal(checkIn.code, 0, checkIn.stdout);
    assert.equal(checkOut.code, 0, checkOut.stdout);
    assert.deepEqual(bugRows(checkIn.report), ['agent-1 agent-certificate-rotate-fails', 'server-1 supervisor-not-rotated']);
    assert.deepEqual(bugRows(checkOut.report), []);

    const before = { inside: supervisorCert(inside), outside: supervisorCert(outside) };
    const [rotIn, rotOut] = await Promise.all([
      runPlaybook('rotate', inside.inventoryFile, ['-e', 'force=true']),
      runPlaybook('rotate', outside.inventoryFile, ['-e', 'force=true']),
    ]);
    for (const [run, fleet, old] of [
      [rotIn, inside, before.inside],
      [rotOut, outside, before.outside],
    ] as const) {
      assert.equal(run.code, 0, run.stdout);
      assert.deepEqual(changedHosts(run.report, 'k3s certificate rotate'), ['server-1']);
      assert.deepEqual(changedHosts(run.report, /^Restart k3s/), ['agent-1']);
      assert.notEqual(supervisorCert(fleet), old, 'client-supervisor.crt was issued anew');
    }
    assert.deepEqual(changedHosts(rotIn.report, /^Remove client-supervisor/), ['server-1']);
    assert.deepEqual(changedHosts(rotOut.report, /^Remove client-supervisor/), []);

    // What the table says of k3s itself.
    const agentIn = await inside.ssh('agent-1', 'sudo k3s certificate rotate');
    assert.equal(agentIn.code, 1);
    assert.match(agentIn.stderr, /FATA\[0000\] open \S+\/server\/token: no such file or directory/);
    const agentOut = await outside.ssh('agent-1', 'sudo k3s certificate rotate');
    assert.equal(agentOut.code, 0, agentOut.stderr);
    const supervisor = (fleet: SimulatedFleet) => join(fleet.cluster.paths('server-1').dataDir, 'server', 'tls', 'client-supervisor.crt');
    for (const fleet of [inside, outside]) assert.equal((await fleet.ssh('server-1', 'sudo k3s certificate rotate')).code, 0);
    assert.equal((await inside.ssh('server-1', `sudo test -e ${supervisor(inside)}`)).code, 0, 'v1.28.8 leaves client-supervisor.crt');
    assert.equal((await outside.ssh('server-1', `sudo test -e ${supervisor(outside)}`)).code, 1, 'v1.28.9 removes it');
  });
});
