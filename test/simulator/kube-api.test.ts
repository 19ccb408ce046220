/**
 * The fake Kubernetes API against the REAL kubectl (the pinned 1.32 binary when the gcloud SDK
 * ships it: /usr/bin/kubectl is the gcloud dispatcher, which probes /version first and may
 * silently switch binaries). Each kubectl gets a fresh HOME and discovery cache.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { type ConnectionInfo, KubeApiServer, type ServingCertificate } from '../../src/simulator/kube-api/kube-api-server.js';
import { kubeconfigYaml } from '../../src/simulator/kube-api/kubeconfig.js';
import { type ClusterCerts, makeClusterCerts } from '../x509/cert-fixtures.js';

const KUBECTL = existsSync('/usr/lib/google-cloud-sdk/bin/kubectl.1.32') ? '/usr/lib/google-cloud-sdk/bin/kubectl.1.32' : 'kubectl';
const dir = mkdtempSync(join(tmpdir(), 'certbook-kube-api-'));
let certs: ClusterCerts;
let api: KubeApiServer;
let served: ServingCertificate;
const seen: ConnectionInfo[] = [];
let basicConfig: string;
let certConfig: string;
const PASSWORD = 'not-a-real-secret-4f1c';

interface Run {
  rc: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the real kubectl with its own HOME and a cold discovery cache. */
function kubectl(args: string[], options: { kubeconfig?: string; warmCache?: string } = {}): Promise<Run> {
  const home = options.warmCache ?? mkdtempSync(join(dir, 'home-'));
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      KUBECTL,
      ['--kubeconfig', options.kubeconfig ?? basicConfig, ...args],
      {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECACHEDIR: join(home, 'cache') },
        timeout: 60_000,
      },
      (err, stdout, stderr) => {
        const rc = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
        resolve({ rc, stdout, stderr, ms: performance.now() - started });
      },
    );
  });
}

function tlsSecret(name: string, cert: string, key: string) {
  return {
    namespace: 'kube-system',
    name,
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': Buffer.from(cert).toString('base64'), 'tls.key': Buffer.from(key).toString('base64') },
    annotations: { 'listener.cattle.io/cn-127.0.0.1': '127.0.0.1', 'listener.cattle.io/cn-localhost': 'localhost' },
  };
}

before(async () => {
  certs = await makeClusterCerts(new Date(Math.floor(Date.now() / 1000) * 1000));
  served = { cert: certs.serving.chainPem, key: certs.serving.keyPem };
  api = new KubeApiServer({
    servingCertificate: (info) => {
      seen.push(info);
      return served;
    },
    clientCa: certs.clientCa.certificatePem,
    basicAuth: [{ username: 'admin', password: PASSWORD }],
    caCerts: () => certs.serverCa.certificatePem,
  });
  const { url } = await api.listen(0, '127.0.0.1');
  basicConfig = join(dir, 'basic.yaml');
  writeFileSync(
    basicConfig,
    kubeconfigYaml({ server: url, caPem: certs.serverCa.certificatePem, user: { username: 'admin', password: PASSWORD } }),
  );
  certConfig = join(dir, 'cert.yaml');
  writeFileSync(
    certConfig,
    kubeconfigYaml({
      server: url,
      caPem: certs.serverCa.certificatePem,
      user: { clientCertificatePem: certs.admin.chainPem, clientKeyPem: certs.admin.keyPem },
    }),
  );
  api.store.putNode({ name: 'server-1', ready: true, roles: ['control-plane', 'master'], version: 'v1.32.4+k3s1', internalIP: '10.0.0.5' });
});
beforeEach(() => {
  served = { cert: certs.serving.chainPem, key: certs.serving.keyPem };
  api.store.putSecret(tlsSecret('k3s-serving', certs.serving.chainPem, certs.serving.keyPem));
});
after(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

test(`kubectl (${KUBECTL}) gets the Secret as JSON with both kubeconfig styles`, async () => {
  for (const kubeconfig of [basicConfig, certConfig]) {
    const r = await kubectl(['get', 'secret', 'k3s-serving', '-n', 'kube-system', '-o', 'json'], { kubeconfig });
    assert.equal(r.rc, 0, r.stderr);
    const secret = JSON.parse(r.stdout) as {
      kind: string;
      type: string;
      data: Record<string, string>;
      metadata: { annotations: Record<string, string> };
    };
    assert.equal(secret.kind, 'Secret');
    assert.equal(secret.type, 'kubernetes.io/tls');
    assert.equal(Buffer.from(secret.data['tls.crt']!, 'base64').toString(), certs.serving.chainPem);
    assert.equal(secret.metadata.annotations['listener.cattle.io/cn-localhost'], 'localhost');
  }
  const users = api.requests.filter((r) => r.url.includes('/secrets/k3s-serving')).map((r) => r.user);
  assert.deepEqual(users, ['admin', 'system:admin']);
});

test('kubectl get nodes shows the node Ready with its roles and version', async () => {
  const r = await kubectl(['get', 'nodes']);
  assert.equal(r.rc, 0, r.stderr);
  assert.match(r.stdout, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/m);
  assert.match(r.stdout, /^server-1\s+Ready\s+control-plane,master\s+\S+\s+v1\.32\.4\+k3s1$/m);
});

test('kubectl get secrets prints a table; a missing Secret is the real NotFound error', async () => {
  const table = await kubectl(['get', 'secrets', '-n', 'kube-system'], { kubeconfig: certConfig });
  assert.equal(table.rc, 0, table.stderr);
  assert.match(table.stdout, /^k3s-serving\s+kubernetes\.io\/tls\s+2\s+\S+$/m);
  const missing = await kubectl(['get', 'secret', 'nope', '-n', 'kube-system', '-o', 'json']);
  assert.equal(missing.rc, 1);
  assert.match(missing.stderr, /Error from server \(NotFound\): secrets "nope" not found/);
});

test('kubectl deletes k3s-serving: the hook sees it once, a second delete and a get are NotFound', async () => {
  const deleted: string[] = [];
  const stop = api.store.onSecretDeleted((s) => deleted.push(`${s.namespace}/${s.name}:${s.type}`));
  try {
    const r = await kubectl(['delete', 'secret', 'k3s-serving', '-n', 'kube-system'], { kubeconfig: certConfig });
    assert.equal(r.rc, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'secret "k3s-serving" deleted');
    assert.deepEqual(deleted, ['kube-system/k3s-serving:kubernetes.io/tls']);
    // kubectl waits for the deletion with one GET that must answer 404.
    assert.deepEqual(
      api.requests.slice(-2).map((q) => `${q.method} ${q.status}`),
      ['DELETE 200', 'GET 404'],
    );
    assert.equal(api.store.getSecret('kube-system', 'k3s-serving'), undefined);
    const again = await kubectl(['delete', 'secret', 'k3s-serving', '-n', 'kube-system']);
    assert.equal(again.rc, 1);
    assert.match(again.stderr, /secrets "k3s-serving" not found/);
  } finally {
    stop();
  }
});

test('a Secret re-created by a listener (old k3s restores k3s-serving from its file) has a new uid, so delete --wait returns', async () => {
  const before = api.store.getSecret('kube-system', 'k3s-serving');
  const stop = api.store.onSecretDeleted((s) => {
    api.store.putSecret({ ...s, uid: undefined, resourceVersion: undefined, creationTimestamp: undefined });
  });
  try {
    const r = await kubectl(['delete', 'secret', 'k3s-serving', '-n', 'kube-system']);
    assert.equal(r.rc, 0, r.stderr);
    const after = api.store.getSecret('kube-system', 'k3s-serving');
    assert.ok(after && before && after.uid !== before.uid);
    assert.deepEqual(
      api.requests.slice(-2).map((q) => `${q.method} ${q.status}`),
      ['DELETE 200', 'GET 200'],
    );
  } finally {
    stop();
  }
});

test('an EXPIRED serving certificate: kubectl fails with the x509 message; --insecure-skip-tls-verify works', async () => {
  served = { cert: certs.servingExpired.chainPem, key: certs.servingExpired.keyPem };
  const notAfter = certs.servingExpired.certificate.notAfter.toISOString().replace('.000Z', 'Z');
  for (const kubeconfig of [basicConfig, certConfig]) {
    const r = await kubectl(['get', 'secret', 'k3s-serving', '-n', 'kube-system', '-o', 'json'], { kubeconfig });
    assert.equal(r.rc, 1);
    assert.match(
      r.stderr,
      /Unable to connect to the server: tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time \S+ is after (\S+)\n$/,
    );
    assert.equal(/is after (\S+)\n$/.exec(r.stderr)?.[1], notAfter);
    const insecure = await kubectl(['--insecure-skip-tls-verify', 'delete', 'secret', 'k3s-serving', '-n', 'kube-system'], { kubeconfig });
    assert.equal(insecure.rc, 0, insecure.stderr);
    api.store.putSecret(tlsSecret('k3s-serving', certs.serving.chainPem, certs.serving.keyPem));
  }
});

test('wrong password, an unknown client certificate and no credentials are Unauthorized', async () => {
  const wrong = join(dir, 'wrong.yaml');
  writeFileSync(
    wrong,
    kubeconfigYaml({ server: api.url, caPem: certs.serverCa.certificatePem, user: { username: 'admin', password: 'nope' } }),
  );
  const stranger = join(dir, 'stranger.yaml');
  writeFileSync(
    stranger,
    kubeconfigYaml({
      server: api.url,
      caPem: certs.serverCa.certificatePem,
      user: { clientCertificatePem: certs.stranger.chainPem, clientKeyPem: certs.stranger.keyPem },
    }),
  );
  const warm = mkdtempSync(join(dir, 'warm-'));
  assert.equal((await kubectl(['get', 'nodes'], { warmCache: warm })).rc, 0);
  for (const kubeconfig of [wrong, stranger]) {
    // Cold cache: the discovery client words it; warm cache: the Status message itself.
    const cold = await kubectl(['get', 'secret', 'k3s-serving', '-n', 'kube-system', '-o', 'json'], { kubeconfig });
    assert.equal(cold.rc, 1);
    assert.match(
      cold.stderr,
      /\nerror: You must be logged in to the server \(the server has asked for the client to provide credentials\)\n$/,
    );
    const hot = await kubectl(['get', 'secret', 'k3s-serving', '-n', 'kube-system', '-o', 'json'], { kubeconfig, warmCache: warm });
    assert.equal(hot.rc, 1);
    assert.equal(hot.stderr, 'error: You must be logged in to the server (Unauthorized)\n');
  }
  const anonymous = await fetchRaw('/api/v1/namespaces/kube-system/secrets/k3s-serving');
  assert.equal(anonymous.status, 401);
  assert.equal(JSON.parse(anonymous.body).reason, 'Unauthorized');
});

/** One HTTPS request to the fake API, verifying it with the server CA. */
function fetchRaw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${api.url}${path}`, { ca: certs.serverCa.certificatePem, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.once('error', reject);
    req.end();
  });
}

test('/ping and /cacerts answer without credentials, like k3s; unknown paths are a 404 Status', async () => {
  assert.deepEqual(await fetchRaw('/ping'), { status: 200, body: 'pong' });
  assert.deepEqual(await fetchRaw('/cacerts'), { status: 200, body: certs.serverCa.certificatePem });
  const auth = { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` };
  const unknown = await fetchRaw('/apis/apps/v1', auth);
  assert.equal(unknown.status, 404);
  assert.deepEqual(JSON.parse(unknown.body), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server could not find the requested resource',
    reason: 'NotFound',
    details: {},
    code: 404,
  });
});

test('a listener that throws does not break the request; the error is kept', async () => {
  const before = api.store.listenerErrors.length;
  const stop = api.store.onSecretDeleted(() => {
    throw new Error('simulator bug');
  });
  try {
    const r = await kubectl(['delete', 'secret', 'k3s-serving', '-n', 'kube-system']);
    assert.equal(r.rc, 0, r.stderr);
    assert.equal(api.store.listenerErrors.length, before + 1);
  } finally {
    stop();
  }
});

test('the certificate callback sees SNI when kubectl connects by name; close and listen keep the store', async () => {
  seen.length = 0;
  const r = await kubectl([
    '--server',
    api.url.replace('127.0.0.1', 'localhost'),
    'get',
    'secret',
    'k3s-serving',
    '-n',
    'kube-system',
    '-o',
    'name',
  ]);
  assert.equal(r.rc, 0, r.stderr);
  assert.ok(
    seen.some((i) => i.serverName === 'localhost'),
    JSON.stringify(seen),
  );
  assert.ok(seen.some((i) => i.localAddress === '127.0.0.1'));
  const port = Number(new URL(api.url).port);
  await api.close();
  await api.listen(port, '127.0.0.1');
  const again = await kubectl(['get', 'secret', 'k3s-serving', '-n', 'kube-system', '-o', 'name']);
  assert.equal(again.stdout.trim(), 'secret/k3s-serving');
});

test('round trip: cold and warm kubectl gets take milliseconds, not seconds (Nagle off, measured)', async () => {
  const home = mkdtempSync(join(dir, 'warm-'));
  const cold = await kubectl(['get', 'secret', 'k3s-serving', '-n', 'kube-system', '-o', 'json'], { warmCache: home });
  const warm = await kubectl(['get', 'secret', 'k3s-serving', '-n', 'kube-system', '-o', 'json'], { warmCache: home });
  assert.equal(cold.rc + warm.rc, 0);
  // Seconds, not the ~50 s kubectl spends retrying a connection the server mishandles. The bound
  // leaves room for a busy machine (test files run 4 at a time): a cold get took 12 s there.
  assert.ok(cold.ms < 30_000 && warm.ms < 30_000, `cold ${cold.ms} ms, warm ${warm.ms} ms`);
  console.log(`# kubectl get secret -o json: cold ${cold.ms.toFixed(0)} ms, warm ${warm.ms.toFixed(0)} ms`);
});
