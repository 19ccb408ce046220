import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { certificateCheck } from '../../src/simulator/node/certificate-check.js';
import { certificateRotate } from '../../src/simulator/node/certificate-rotate.js';
import { startServer } from '../../src/simulator/node/server-start.js';
import { certOf, cluster, daysLeftOf } from './node-fixture.js';

const now = new Date();

test('§4 rotate: backs server/tls up to tls-<unix>, writes the regenerate trigger, deletes leaves but never CAs or service.key', async () => {
  const { nodes, store } = await cluster('v1.32.4+k3s1', { leafDaysLeft: 300, servingDaysLeft: 300 }, now);
  const tls = join(nodes[0]!.dataDir, 'server/tls');
  const out = await certificateRotate(nodes[0]!, [], now);
  assert.equal(out.code, 0);
  const backup = join(nodes[0]!.dataDir, 'server', `tls-${Math.floor(now.getTime() / 1000)}`);
  assert.match(out.stderr, new RegExp(`Successfully backed up certificates to ${backup}, please restart k3s server or agent`));
  assert.ok(existsSync(join(backup, 'client-admin.crt')));
  assert.ok(existsSync(join(tls, 'dynamic-cert-regenerate')));
  assert.ok(!existsSync(join(tls, 'client-admin.crt')));
  assert.ok(!existsSync(join(tls, 'etcd/client.crt')));
  assert.ok(!existsSync(join(nodes[0]!.dataDir, 'agent/client-kubelet.crt')));
  for (const kept of ['client-ca.crt', 'server-ca.key', 'service.key', 'etcd/peer-ca.crt']) assert.ok(existsSync(join(tls, kept)), kept);
  // The next start regenerates the deleted leaves (365 days) and the serving certificate with a new key.
  const oldKey = store.secret?.data['tls.key'];
  await startServer(nodes[0]!, store, now);
  assert.equal(daysLeftOf(certOf(join(tls, 'client-admin.crt')), now), 365);
  assert.notEqual(store.secret?.data['tls.key'], oldKey);
});

test('§4 rotate --service: only that service, unknown names refused', async () => {
  const { nodes } = await cluster('v1.32.4+k3s1', { leafDaysLeft: 300, servingDaysLeft: 300 }, now);
  const tls = join(nodes[0]!.dataDir, 'server/tls');
  const out = await certificateRotate(nodes[0]!, ['--service', 'admin'], now);
  assert.equal(out.code, 0);
  assert.ok(!existsSync(join(tls, 'client-admin.crt')));
  assert.ok(existsSync(join(tls, 'client-scheduler.crt')));
  assert.ok(!existsSync(join(tls, 'dynamic-cert-regenerate')));
  const bad = await certificateRotate(nodes[0]!, ['-s', 'adnim'], now);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /service adnim is not recognized/);
});

test('§4 rotate on an agent: its own services, backup under agent/', async () => {
  const { nodes } = await cluster('v1.32.4+k3s1', { leafDaysLeft: 300, servingDaysLeft: 300 }, now, 1, 1);
  const agent = nodes[1]!;
  const out = await certificateRotate(agent, [], now);
  assert.equal(out.code, 0);
  assert.match(out.stderr, /Agent detected/);
  assert.ok(!existsSync(join(agent.dataDir, 'agent/client-kubelet.crt')));
  assert.ok(readdirSync(join(agent.dataDir, 'agent')).some((f) => /^tls-\d+$/.test(f)));
});

test('§4 check: statuses OK / WARNING / EXPIRED per certificate, json rows with the CA in each file', async () => {
  const fresh = await cluster('v1.32.4+k3s1', { leafDaysLeft: 300, servingDaysLeft: 300 }, now);
  const ok = JSON.parse((await certificateCheck(fresh.nodes[0]!, ['-o', 'json', '--service', 'admin'], now)).stdout);
  assert.deepEqual(
    ok.Certificates.map((c: { Status: string }) => c.Status),
    ['OK', 'OK'],
  );
  assert.deepEqual(
    ok.Certificates.map((c: { Usages: string[] }) => c.Usages.includes('CertSign')),
    [false, true],
  );
  const soon = await cluster('v1.32.4+k3s1', { leafDaysLeft: 30, servingDaysLeft: 300 }, now);
  const text = (await certificateCheck(soon.nodes[0]!, ['--service', 'admin'], now)).stderr;
  assert.match(text, /WARN\[0000\] .*client-admin\.crt: certificate CN=system:admin,O=system:masters will expire within 90 days/);
  const old = await cluster('v1.32.4+k3s1', { leafDaysLeft: -3, servingDaysLeft: 300 }, now);
  const table = (await certificateCheck(old.nodes[0]!, ['-o', 'table', '-s', 'scheduler'], now)).stdout;
  assert.match(table.split('\n')[0]!, /^FILENAME\s+SUBJECT\s+USAGES\s+EXPIRES\s+RESIDUAL TIME\s+STATUS$/);
  assert.match(table, /client-scheduler\.crt.*EXPIRED/);
});
