import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startAgent } from '../../src/simulator/node/agent-start.js';
import { startServer } from '../../src/simulator/node/server-start.js';
import { certOf, cluster, daysLeftOf, secretCert } from './node-fixture.js';

const now = new Date();
const DAY = 86_400_000;
const later = (days: number): Date => new Date(now.getTime() + days * DAY);
const tlsOf = (dataDir: string): string => join(dataDir, 'server/tls');
const servedDays = (pair: { cert: string }, at: Date): number => daysLeftOf(new X509Certificate(pair.cert), at);

test('§2: leaves inside the 90-day window are renewed for 365 days at start, CAs never, k3s.yaml rewritten', async () => {
  const { nodes, store } = await cluster('v1.18.6+k3s1', { leafDaysLeft: 30, servingDaysLeft: 30 }, now);
  const tls = tlsOf(nodes[0]!.dataDir);
  const ca = readFileSync(join(tls, 'server-ca.crt'), 'utf8');
  rmSync(nodes[0]!.kubeconfigPath);
  await startServer(nodes[0]!, store, now);
  assert.equal(daysLeftOf(certOf(join(tls, 'client-admin.crt')), now), 365);
  assert.equal(daysLeftOf(certOf(join(tls, 'serving-kube-apiserver.crt')), now), 365);
  assert.equal(daysLeftOf(certOf(join(nodes[0]!.dataDir, 'agent/client-kubelet.crt')), now), 365);
  assert.equal(readFileSync(join(tls, 'server-ca.crt'), 'utf8'), ca);
  assert.ok(existsSync(nodes[0]!.kubeconfigPath));
});

test('§2: leaves outside the window stay as they are', async () => {
  const { nodes, store } = await cluster('v1.32.4+k3s1', { leafDaysLeft: 100, servingDaysLeft: 300 }, now);
  const file = join(tlsOf(nodes[0]!.dataDir), 'client-admin.crt');
  const before = readFileSync(file, 'utf8');
  await startServer(nodes[0]!, store, now);
  assert.equal(readFileSync(file, 'utf8'), before);
});

test('§2: the 120-day window of the 2025 releases renews a leaf with 100 days left on v1.33.1', async () => {
  const { nodes, store } = await cluster('v1.33.1+k3s1', { leafDaysLeft: 100, servingDaysLeft: 300 }, now);
  const file = join(tlsOf(nodes[0]!.dataDir), 'client-admin.crt');
  await startServer(nodes[0]!, store, now);
  assert.equal(daysLeftOf(certOf(file), now), 365);
});

test('§3 v1.18: a restart never renews the serving certificate, expired or not', async () => {
  const { nodes, store } = await cluster('v1.18.6+k3s1', { leafDaysLeft: -10, servingDaysLeft: -10 }, now);
  const runtime = await startServer(nodes[0]!, store, now);
  assert.equal(daysLeftOf(secretCert(store.secret), now), -10);
  assert.equal(servedDays(runtime.serving(), now), -10);
  await runtime.tick(later(1));
  assert.equal(servedDays(runtime.serving(), now), -10);
  assert.equal(daysLeftOf(certOf(join(tlsOf(nodes[0]!.dataDir), 'client-admin.crt')), now), 365);
});

test('§3 v1.18: deleting only the Secret brings the old certificate back from dynamic-cert.json', async () => {
  const { nodes, store } = await cluster('v1.18.6+k3s1', { leafDaysLeft: 300, servingDaysLeft: -10 }, now);
  const old = store.secret?.data['tls.crt'];
  store.delete();
  await startServer(nodes[0]!, store, now);
  assert.equal(store.secret?.data['tls.crt'], old);
});

test('§3 v1.18: deleting only dynamic-cert.json brings the old certificate back from the Secret', async () => {
  const { nodes, store } = await cluster('v1.18.6+k3s1', { leafDaysLeft: 300, servingDaysLeft: -10 }, now);
  const old = store.secret?.data['tls.crt'];
  rmSync(join(tlsOf(nodes[0]!.dataDir), 'dynamic-cert.json'));
  const runtime = await startServer(nodes[0]!, store, now);
  assert.equal(Buffer.from(runtime.serving().cert).toString('base64'), old);
  assert.equal(JSON.parse(readFileSync(join(tlsOf(nodes[0]!.dataDir), 'dynamic-cert.json'), 'utf8')).data['tls.crt'], old);
});

test('§3 v1.18: deleting both, then starting, makes a fresh certificate; a running peer adopts it through the watch', async () => {
  const { nodes, store } = await cluster('v1.18.6+k3s1', { leafDaysLeft: 300, servingDaysLeft: -10 }, now, 2);
  const peer = await startServer(nodes[1]!, store, now);
  store.delete();
  await peer.onSecretChanged(undefined, now); // a running v1.18 server ignores the deletion
  assert.equal(store.secret, undefined);
  for (const n of nodes) rmSync(join(tlsOf(n.dataDir), 'dynamic-cert.json'));
  await startServer(nodes[0]!, store, now);
  assert.equal(daysLeftOf(secretCert(store.secret), now), 365);
  await peer.onSecretChanged(store.get(), now);
  assert.equal(servedDays(peer.serving(), now), 365);
  assert.ok(existsSync(join(tlsOf(nodes[1]!.dataDir), 'dynamic-cert.json')));
});

test('§3 v1.19+: the serving certificate inside the window is renewed at start, keeping its key and SANs', async () => {
  const { nodes, store } = await cluster('v1.27.13+k3s1', { leafDaysLeft: 300, servingDaysLeft: 30 }, now);
  const oldKey = store.secret?.data['tls.key'];
  const oldSans = secretCert(store.secret).subjectAltName;
  await startServer(nodes[0]!, store, now);
  assert.equal(daysLeftOf(secretCert(store.secret), now), 365);
  assert.equal(store.secret?.data['tls.key'], oldKey);
  assert.equal(secretCert(store.secret).subjectAltName, oldSans);
});

test('§3 v1.19+: a running server renews in its periodic check', async () => {
  const { nodes, store } = await cluster('v1.27.13+k3s1', { leafDaysLeft: 300, servingDaysLeft: 100 }, now);
  const runtime = await startServer(nodes[0]!, store, now);
  assert.equal(servedDays(runtime.serving(), now), 100);
  await runtime.tick(later(20));
  assert.equal(servedDays(runtime.serving(), later(20)), 365);
  assert.equal(daysLeftOf(secretCert(store.secret), later(20)), 365);
});

test('§3 v1.19+: dynamic-cert-regenerate forces a new certificate with a new key and is removed', async () => {
  const { nodes, store } = await cluster('v1.32.4+k3s1', { leafDaysLeft: 300, servingDaysLeft: 300 }, now);
  const oldKey = store.secret?.data['tls.key'];
  const trigger = join(tlsOf(nodes[0]!.dataDir), 'dynamic-cert-regenerate');
  writeFileSync(trigger, 'true');
  await startServer(nodes[0]!, store, now);
  assert.notEqual(store.secret?.data['tls.key'], oldKey);
  assert.ok(!existsSync(trigger));
});

test('§6: an agent gets fresh kubelet certificates at every start, whatever their expiry', async () => {
  const { nodes } = await cluster('v1.32.4+k3s1', { leafDaysLeft: 300, servingDaysLeft: 300 }, now, 1, 1);
  const agent = nodes[1]!;
  const before = readFileSync(join(agent.dataDir, 'agent/client-kubelet.crt'), 'utf8');
  const proxy = readFileSync(join(agent.dataDir, 'agent/client-kube-proxy.crt'), 'utf8');
  await startAgent(agent, now);
  assert.notEqual(readFileSync(join(agent.dataDir, 'agent/client-kubelet.crt'), 'utf8'), before);
  assert.equal(readFileSync(join(agent.dataDir, 'agent/client-kube-proxy.crt'), 'utf8'), proxy);
});

test('resume: a node that has been up all along keeps its state (leaves inside the window, expired served certificate)', async () => {
  const { nodes, store } = await cluster('v1.18.6+k3s1', { leafDaysLeft: 30, servingDaysLeft: -10 }, now, 1, 1);
  const file = join(tlsOf(nodes[0]!.dataDir), 'client-admin.crt');
  const kubelet = join(nodes[1]!.dataDir, 'agent/client-kubelet.crt');
  const before = [readFileSync(file, 'utf8'), readFileSync(kubelet, 'utf8')];
  const runtime = await startServer(nodes[0]!, store, now, { resume: true });
  await startAgent(nodes[1]!, now, { resume: true });
  assert.deepEqual([readFileSync(file, 'utf8'), readFileSync(kubelet, 'utf8')], before);
  assert.equal(servedDays(runtime.serving(), now), -10);
});
