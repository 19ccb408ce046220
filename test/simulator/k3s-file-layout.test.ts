import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientLeafSpecs, etcdLeafNames, kubeconfigUsesBasicAuth, serverCaNames } from '../../src/simulator/k3s-file-layout.js';

const v118 = { minor: 18, patch: 6 };
const v127 = { minor: 27, patch: 4 };
const v133 = { minor: 33, patch: 1 };

test('v1.18: no etcd, client-cloud-controller, basic auth', () => {
  assert.equal(serverCaNames(v118).length, 3);
  assert.equal(etcdLeafNames(v118).length, 0);
  const names = clientLeafSpecs(v118).map((l) => l.name);
  assert.ok(names.includes('client-cloud-controller'));
  assert.ok(!names.includes('client-supervisor'));
  assert.equal(kubeconfigUsesBasicAuth(v118), true);
});

test('v1.27: etcd, client-k3s-cloud-controller, no supervisor, cert kubeconfig', () => {
  assert.equal(serverCaNames(v127).length, 5);
  assert.equal(etcdLeafNames(v127).length, 3);
  const names = clientLeafSpecs(v127).map((l) => l.name);
  assert.ok(names.includes('client-k3s-cloud-controller'));
  assert.ok(!names.includes('client-cloud-controller'));
  assert.ok(!names.includes('client-supervisor'));
  assert.equal(kubeconfigUsesBasicAuth(v127), false);
});

test('v1.33: supervisor client with system:masters', () => {
  const sup = clientLeafSpecs(v133).find((l) => l.name === 'client-supervisor');
  assert.equal(sup?.org, 'system:masters');
});
