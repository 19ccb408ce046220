import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { certOf, cluster, daysLeftOf, secretCert } from './node-fixture.js';

const now = new Date();
const count = (file: string): number => (readFileSync(file, 'utf8').match(/BEGIN CERTIFICATE/g) ?? []).length;

test('v1.18 layout (§1): three CAs, no etcd/, client-cloud-controller, basic-auth k3s.yaml, leaf + CA in each file', async () => {
  const { nodes, store } = await cluster('v1.18.6+k3s1', { leafDaysLeft: 30, servingDaysLeft: -10 }, now, 1, 1);
  const tls = join(nodes[0]!.dataDir, 'server/tls');
  for (const f of [
    'client-ca',
    'server-ca',
    'request-header-ca',
    'client-admin',
    'client-cloud-controller',
    'serving-kube-apiserver',
    'client-auth-proxy',
  ])
    assert.ok(existsSync(join(tls, `${f}.crt`)), f);
  assert.ok(!existsSync(join(tls, 'etcd')));
  assert.ok(!existsSync(join(tls, 'client-k3s-cloud-controller.crt')));
  assert.equal(count(join(tls, 'client-admin.crt')), 2);
  assert.equal(count(join(tls, 'client-ca.crt')), 1);
  assert.match(certOf(join(tls, 'client-ca.crt')).subject, /^CN=k3s-client-ca@\d+$/);
  assert.equal(certOf(join(tls, 'client-admin.crt')).subject, 'O=system:masters\nCN=system:admin');
  assert.equal(daysLeftOf(certOf(join(tls, 'client-admin.crt')), now), 30);
  assert.equal(createPrivateKey(readFileSync(join(tls, 'client-admin.key'))).asymmetricKeyDetails?.namedCurve, 'prime256v1');
  assert.equal(createPrivateKey(readFileSync(join(tls, 'service.key'))).asymmetricKeyType, 'rsa');
  assert.match(readFileSync(join(tls, 'client-admin.key'), 'utf8'), /BEGIN EC PRIVATE KEY/);
  assert.equal(statSync(join(tls, 'client-admin.key')).mode & 0o777, 0o600);
  const kubeconfig = parse(readFileSync(nodes[0]!.kubeconfigPath, 'utf8'));
  assert.equal(kubeconfig.users[0].user.username, 'admin');
  assert.equal(kubeconfig.users[0].user['client-certificate-data'], undefined);
  assert.ok(
    readFileSync(join(nodes[0]!.dataDir, 'server/cred/passwd'), 'utf8').includes(
      `${kubeconfig.users[0].user.password},admin,admin,system:masters`,
    ),
  );
  // The served certificate: CN/O k3s, expired 10 days ago, the same in the Secret and dynamic-cert.json.
  const served = secretCert(store.secret);
  assert.equal(served.subject, 'O=k3s\nCN=k3s');
  assert.equal(daysLeftOf(served, now), -10);
  const file = JSON.parse(readFileSync(join(tls, 'dynamic-cert.json'), 'utf8'));
  assert.equal(file.data['tls.crt'], store.secret?.data['tls.crt']);
  assert.ok(file.metadata.annotations['listener.cattle.io/hash']);
  // The agent: kubelet certificates with the node's name, CA copies.
  const agent = join(nodes[1]!.dataDir, 'agent');
  assert.equal(certOf(join(agent, 'client-kubelet.crt')).subject, 'O=system:nodes\nCN=system:node:agent-1');
  assert.equal(readFileSync(join(agent, 'server-ca.crt'), 'utf8'), readFileSync(join(tls, 'server-ca.crt'), 'utf8'));
});

test('v1.32 layout (§1): etcd/ CAs and leaves, client-k3s-cloud-controller, supervisor, client-cert k3s.yaml, fingerprint annotation', async () => {
  const { nodes, store } = await cluster('v1.32.4+k3s1', { leafDaysLeft: 200, servingDaysLeft: 200 }, now);
  const tls = join(nodes[0]!.dataDir, 'server/tls');
  for (const f of [
    'etcd/server-ca',
    'etcd/peer-ca',
    'etcd/client',
    'etcd/server-client',
    'etcd/peer-server-client',
    'client-k3s-cloud-controller',
    'client-supervisor',
  ])
    assert.ok(existsSync(join(tls, `${f}.crt`)), f);
  assert.equal(certOf(join(tls, 'client-kube-apiserver.crt')).subject, 'O=system:masters\nCN=system:apiserver');
  const kubeconfig = parse(readFileSync(nodes[0]!.kubeconfigPath, 'utf8'));
  assert.ok(kubeconfig.users[0].user['client-certificate-data']);
  assert.equal(kubeconfig.clusters[0].cluster.server, `https://${nodes[0]!.address}:16443`);
  assert.match(store.secret?.annotations?.['listener.cattle.io/fingerprint'] ?? '', /^SHA1=[0-9A-F]{40}$/);
  assert.equal(store.secret?.annotations?.[`listener.cattle.io/cn-${nodes[0]!.address}`], nodes[0]!.address);
});

test('openssl agrees with the states written (enddate, subject, chain verifies)', async () => {
  const { nodes } = await cluster('v1.27.13+k3s1', { leafDaysLeft: -10, servingDaysLeft: -10 }, now);
  const tls = join(nodes[0]!.dataDir, 'server/tls');
  const end = execFileSync('openssl', ['x509', '-noout', '-enddate', '-in', join(tls, 'client-admin.crt')], { encoding: 'utf8' });
  const expected = new Date(certOf(join(tls, 'client-admin.crt')).validTo);
  assert.equal(new Date(end.trim().replace('notAfter=', '')).getTime(), expected.getTime());
  assert.ok(expected < now);
  const verify = execFileSync(
    'openssl',
    ['verify', '-no_check_time', '-CAfile', join(tls, 'server-ca.crt'), join(tls, 'serving-kube-apiserver.crt')],
    { encoding: 'utf8' },
  );
  assert.match(verify, /OK/);
  const ca = certOf(join(tls, 'server-ca.crt'));
  assert.ok(new Date(ca.validTo).getTime() - new Date(ca.validFrom).getTime() >= 3649 * 86_400_000);
});
