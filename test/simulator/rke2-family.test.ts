/**
 * The simulator's RKE2 family (docs/rke2-cert-facts.md, docs/simulator.md "RKE2"): RKE2's names
 * on disk and in the datastore, its commands and units, the supervisor on 9345 serving the
 * `rke2-serving` certificate beside the kube-apiserver on 6443 serving its certificate file,
 * kubectl in <data-dir>/bin, and the certificate behaviour per version: a restart inside the
 * window renews every file but not `rke2-serving` on v1.24.14 (rke2#4372), and renews both on a
 * current RKE2. No SSH: the node's commands run as root with its bin/ first on PATH.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { connect } from 'node:tls';
import { type SimulatedCluster, startSimulatedCluster } from '../../src/simulator/runtime/simulated-cluster.js';

/** Runs a node's command as the operator would (root, the node's bin first on PATH). */
function sh(cluster: SimulatedCluster, node: string, command: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('/bin/sh', ['-c', command], {
    env: { PATH: `${cluster.binDir(node)}:/usr/sbin:/usr/bin:/sbin:/bin` },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The leaf certificate served on address:port. */
function served(address: string, port: number): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port, rejectUnauthorized: false }, () => {
      const cert = socket.getPeerX509Certificate();
      socket.end();
      if (cert) resolve(cert);
      else reject(new Error('no certificate'));
    });
    socket.on('error', reject);
  });
}

const daysLeft = (cert: X509Certificate): number => (Date.parse(cert.validTo) - Date.now()) / 86_400_000;
const fileCert = (path: string): X509Certificate => new X509Certificate(readFileSync(path));

async function withCluster(version: string, body: (c: SimulatedCluster) => Promise<void>): Promise<void> {
  const cluster = await startSimulatedCluster({ servers: 1, agents: 1, version, state: { leafDaysLeft: 30, servingDaysLeft: 30 } });
  try {
    await body(cluster);
  } finally {
    await cluster.stop();
  }
}

describe('the RKE2 family', { concurrency: 2 }, () => {
  test('v1.24.14+rke2r1: RKE2 names, ports and commands; a restart renews the files, not rke2-serving (rke2#4372)', async () => {
    await withCluster('v1.24.14+rke2r1', async (cluster) => {
      const [server, agent] = [cluster.servers[0]!, cluster.agents[0]!];
      assert.equal(server.port, 9345);
      assert.equal(server.apiPort, 6443);
      assert.match(server.kubeconfigPath, /\/rke2\.yaml$/);
      const tls = join(server.dataDir, 'server', 'tls');
      for (const f of [
        'client-rke2-controller.crt',
        'client-rke2-cloud-controller.crt',
        'serving-kube-apiserver.crt',
        'etcd/server-client.crt',
      ])
        assert.ok(existsSync(join(tls, f)), f);
      assert.ok(!existsSync(join(tls, 'client-k3s-controller.crt')));
      assert.ok(existsSync(join(agent.dataDir, 'agent', 'client-rke2-controller.crt')));
      assert.match(fileCert(join(tls, 'client-ca.crt')).subject, /CN=rke2-client-ca@\d+/);

      const secret = cluster.servingSecret();
      assert.equal(secret?.name, 'rke2-serving');
      const secretCert = new X509Certificate(Buffer.from(secret!.data['tls.crt']!, 'base64'));
      assert.match(secretCert.subject, /CN=rke2/);
      // The supervisor serves rke2-serving; the kube-apiserver its own file.
      assert.equal((await served(server.address, 9345)).fingerprint256, secretCert.fingerprint256);
      assert.equal((await served(server.address, 6443)).fingerprint256, fileCert(join(tls, 'serving-kube-apiserver.crt')).fingerprint256);

      const version = sh(cluster, 'server-1', 'rke2 --version; command -v k3s || echo no-k3s');
      assert.match(version.stdout, /^rke2 version v1\.24\.14\+rke2r1 \([0-9a-f]{8}\)\ngo version go\S+ X:boringcrypto\nno-k3s\n$/);
      const kubectl = join(server.dataDir, 'bin', 'kubectl');
      const nodes = sh(cluster, 'server-1', `${kubectl} --kubeconfig ${server.kubeconfigPath} get nodes -o name`);
      assert.equal(nodes.code, 0, nodes.stderr);
      assert.deepEqual(nodes.stdout.trim().split('\n').sort(), ['node/agent-1', 'node/server-1']);

      const restart = sh(cluster, 'server-1', 'systemctl restart rke2-server && systemctl is-active rke2-server; systemctl is-active k3s');
      assert.equal(restart.stdout, 'active\ninactive\n', restart.stderr);
      assert.ok(daysLeft(fileCert(join(tls, 'client-admin.crt'))) > 300, 'files renewed');
      assert.ok(daysLeft(await served(server.address, 6443)) > 300, 'the kube-apiserver serves its renewed file');
      assert.ok(daysLeft(await served(server.address, 9345)) < 31, 'rke2-serving not renewed (rke2#4372)');
      const agentRestart = sh(cluster, 'agent-1', 'systemctl restart rke2-agent && systemctl is-active rke2-agent');
      assert.equal(agentRestart.stdout, 'active\n', agentRestart.stderr);
    });
  });

  test('v1.33.1+rke2r1: the 120-day window; `rke2 certificate rotate` then a start renews everything, rke2-serving included', async () => {
    await withCluster('v1.33.1+rke2r1', async (cluster) => {
      const server = cluster.servers[0]!;
      const tls = join(server.dataDir, 'server', 'tls');
      const before = fileCert(join(tls, 'client-admin.crt')).fingerprint256;
      const rotate = sh(cluster, 'server-1', 'systemctl stop rke2-server && rke2 certificate rotate && systemctl start rke2-server');
      assert.equal(rotate.code, 0, rotate.stderr);
      assert.match(rotate.stderr, /Rotating certificates for rke2-server service/);
      assert.match(rotate.stderr, /please restart rke2 server or agent/);
      assert.notEqual(fileCert(join(tls, 'client-admin.crt')).fingerprint256, before);
      assert.ok(daysLeft(await served(server.address, 9345)) > 300, 'rke2-serving regenerated');
      assert.ok(daysLeft(await served(server.address, 6443)) > 300);
      const unknown = sh(cluster, 'server-1', 'rke2 certificate rotate --service k3s-server');
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /service k3s-server is not recognized/);
    });
  });
});
