/**
 * kube_secret over the real test sshd, running the REAL kubectl on the host against the fake
 * k3s API (src/simulator/kube-api): get, absent (twice), check mode, the expired serving
 * certificate that `insecure_skip_tls_verify: auto` gets past, and the errors it must not.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { KubeApiServer, type ServingCertificate } from '../../src/simulator/kube-api/kube-api-server.js';
import type { KubeSecret } from '../../src/simulator/kube-api/kube-store.js';
import { kubeconfigYaml } from '../../src/simulator/kube-api/kubeconfig.js';
import { kubeSecretStep } from '../../src/steps/kube-secret.js';
import { issueCertificate } from '../../src/x509/issue.js';
import { type ClusterCerts, makeClusterCerts } from '../x509/cert-fixtures.js';
import { giveToTestUser, runStep, type StepFixture, startStepFixture } from './fixture.js';

const KUBECTL_BIN = existsSync('/usr/lib/google-cloud-sdk/bin/kubectl.1.32') ? '/usr/lib/google-cloud-sdk/bin/kubectl.1.32' : 'kubectl';
let fx: StepFixture;
let certs: ClusterCerts;
let api: KubeApiServer;
let served: ServingCertificate;
let kubeconfig: string;
let kubectl: string;
let untrusted: ServingCertificate;
let now: Date;
const deleted: string[] = [];

function servingSecret(): KubeSecret {
  return {
    namespace: 'kube-system',
    name: 'k3s-serving',
    type: 'kubernetes.io/tls',
    data: {
      'tls.crt': Buffer.from(certs.servingExpired.chainPem).toString('base64'),
      'tls.key': Buffer.from(certs.servingExpired.keyPem).toString('base64'),
      'ca.crt': Buffer.from(certs.serverCa.certificatePem).toString('base64'),
    },
    annotations: {
      'listener.cattle.io/cn-127.0.0.1': '127.0.0.1',
      'listener.cattle.io/fingerprint': 'SHA1=8F2C0E0B6A1D5E4C3B2A19080706050403020100',
      'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ data: { 'tls.key': 'c2VjcmV0' } }),
    },
  };
}

before(async () => {
  now = new Date(Math.floor(Date.now() / 1000) * 1000);
  [fx, certs] = await Promise.all([startStepFixture(), makeClusterCerts(now)]);
  const otherCa = await issueCertificate({
    subject: 'CN=someone-else-ca',
    ca: true,
    notBefore: new Date(now.getTime() - 86_400_000),
    notAfter: new Date(now.getTime() + 86_400_000 * 30),
  });
  const impostor = await issueCertificate({
    subject: 'CN=k3s',
    issuer: otherCa,
    ipAddresses: ['127.0.0.1'],
    notBefore: otherCa.certificate.notBefore,
    notAfter: otherCa.certificate.notAfter,
  });
  untrusted = { cert: impostor.chainPem, key: impostor.keyPem };
  served = { cert: certs.serving.chainPem, key: certs.serving.keyPem };
  api = new KubeApiServer({ servingCertificate: () => served, clientCa: certs.clientCa.certificatePem });
  api.store.onSecretDeleted((s) => deleted.push(`${s.namespace}/${s.name}`));
  const { url } = await api.listen(0, '127.0.0.1');
  const home = join(fx.dir, 'home');
  mkdirSync(home);
  kubeconfig = join(fx.dir, 'k3s.yaml');
  writeFileSync(
    kubeconfig,
    kubeconfigYaml({
      server: url,
      caPem: certs.serverCa.certificatePem,
      user: { clientCertificatePem: certs.admin.chainPem, clientKeyPem: certs.admin.keyPem },
    }),
    { mode: 0o600 },
  );
  giveToTestUser(fx, home);
  giveToTestUser(fx, kubeconfig);
  // A prefix of several words, as `k3s kubectl` is; the test user gets its own HOME and cache.
  kubectl = `env HOME=${home} KUBECACHEDIR=${join(home, 'cache')} ${KUBECTL_BIN}`;
});
beforeEach(() => {
  served = { cert: certs.serving.chainPem, key: certs.serving.keyPem };
  api.store.putSecret(servingSecret());
  deleted.length = 0;
});
after(async () => {
  await api?.close();
  await fx?.stop();
});

const base = () => ({ name: 'k3s-serving', namespace: 'kube-system', kubectl, kubeconfig });
type Data = Record<string, unknown>;

test('get: type, keys, certificate entries and parsed tls.crt come back; tls.key and last-applied do not', async () => {
  const started = performance.now();
  const r = await runStep(kubeSecretStep, fx.host, base(), { now: () => now });
  const ms = performance.now() - started;
  assert.equal(r.failed, undefined, r.msg);
  assert.equal(r.changed, false);
  const d = r.data as Data;
  assert.deepEqual([d.exists, d.type, d.keys], [true, 'kubernetes.io/tls', ['ca.crt', 'tls.crt', 'tls.key']]);
  assert.deepEqual(Object.keys(d.data as Data).sort(), ['ca.crt', 'tls.crt']);
  assert.deepEqual(d.redacted, ['tls.key', 'metadata.annotations.kubectl.kubernetes.io/last-applied-configuration']);
  const cert = d.certificate as Data;
  assert.deepEqual([cert.subject, cert.expired, cert.status, cert.days_left], ['CN=k3s, O=k3s', true, 'EXPIRED', -10]);
  assert.equal((d.certificates as Data[]).length, 2);
  assert.equal((d.annotations as Data)['listener.cattle.io/cn-127.0.0.1'], '127.0.0.1');
  assert.deepEqual([d.insecure, d.insecure_retry, d.tls_error], [false, false, undefined]);
  const everything = JSON.stringify(r);
  const keyBody = certs.servingExpired.keyPem.split('\n').slice(1, -2).join('');
  const keyB64 = Buffer.from(certs.servingExpired.keyPem).toString('base64');
  for (const secret of [keyBody.slice(20, 60), keyB64.slice(60, 100), 'c2VjcmV0'])
    assert.ok(!everything.includes(secret), 'no key material anywhere in the result');
  console.log(`# kube_secret get over ssh + real kubectl: ${ms.toFixed(0)} ms`);
});

test('get judges tls.crt as of `at`, with valid_at moments and warn_days, like x509_info', async () => {
  const plain = (await runStep(kubeSecretStep, fx.host, base(), { now: () => now })).data?.certificate as Data;
  const notAfter = Date.parse(String(plain.not_after));
  const fiveDaysBefore = new Date(notAfter - 5 * 86_400_000).toISOString();
  const r = await runStep(kubeSecretStep, fx.host, { ...base(), at: fiveDaysBefore, valid_at: { next_week: '+7d' } }, { now: () => now });
  const cert = r.data?.certificate as Data;
  assert.deepEqual([cert.expired, cert.status, cert.days_left, (cert.valid_at as Data).next_week], [false, 'WARNING', 5, false]);
  const narrow = (await runStep(kubeSecretStep, fx.host, { ...base(), at: fiveDaysBefore, warn_days: 3 }, { now: () => now })).data
    ?.certificate as Data;
  assert.equal(narrow.status, 'OK', 'warn_days: 3 puts 5 days left outside the WARNING window');
  const bad = await runStep(kubeSecretStep, fx.host, { ...base(), at: '2026-02-30' }, { now: () => now });
  assert.equal(bad.failed, true);
  assert.match(String(bad.msg), /^at:/);
});

test('get of a missing Secret: exists false, not a failure', async () => {
  const r = await runStep(kubeSecretStep, fx.host, { ...base(), name: 'nope' });
  assert.equal(r.failed, undefined, r.msg);
  assert.deepEqual([r.changed, r.data?.exists], [false, false]);
});

test('absent deletes once; the second run is unchanged', async () => {
  const first = await runStep(kubeSecretStep, fx.host, { ...base(), state: 'absent' });
  assert.equal(first.failed, undefined, first.msg);
  assert.deepEqual([first.changed, first.data?.exists], [true, true]);
  assert.deepEqual(deleted, ['kube-system/k3s-serving']);
  assert.equal(api.store.getSecret('kube-system', 'k3s-serving'), undefined);
  const second = await runStep(kubeSecretStep, fx.host, { ...base(), state: 'absent' });
  assert.deepEqual([second.changed, second.failed, second.data?.exists], [false, undefined, false]);
  assert.equal(deleted.length, 1);
});

test('check mode: absent says it would delete and deletes nothing; on a missing Secret it is unchanged', async () => {
  const r = await runStep(kubeSecretStep, fx.host, { ...base(), state: 'absent' }, { check: true });
  assert.equal(r.changed, true);
  assert.ok(api.store.getSecret('kube-system', 'k3s-serving'));
  assert.equal(deleted.length, 0);
  const missing = await runStep(kubeSecretStep, fx.host, { ...base(), name: 'nope', state: 'absent' }, { check: true });
  assert.equal(missing.changed, false);
  assert.ok(!api.requests.some((q) => q.method === 'DELETE' && q.url.includes('/nope')));
});

test('auto: an EXPIRED serving certificate is retried once without verification, and the delete uses it too', async () => {
  served = { cert: certs.servingExpired.chainPem, key: certs.servingExpired.keyPem };
  const r = await runStep(kubeSecretStep, fx.host, { ...base(), state: 'absent', insecure_skip_tls_verify: 'auto' });
  assert.equal(r.failed, undefined, r.msg);
  assert.equal(r.changed, true);
  const d = r.data as Data;
  assert.deepEqual([d.insecure, d.insecure_retry], [true, true]);
  assert.match(String(d.tls_error), /x509: certificate has expired or is not yet valid: current time \S+ is after \S+$/);
  assert.deepEqual(deleted, ['kube-system/k3s-serving']);
});

test("false: an EXPIRED serving certificate is a failure with kubectl's x509 error; true skips verification from the start", async () => {
  served = { cert: certs.servingExpired.chainPem, key: certs.servingExpired.keyPem };
  const strict = await runStep(kubeSecretStep, fx.host, base());
  assert.equal(strict.failed, true);
  assert.match(String(strict.msg), /x509: certificate has expired or is not yet valid/);
  assert.deepEqual([strict.data?.insecure, strict.data?.insecure_retry, strict.data?.rc], [false, false, 1]);
  const always = await runStep(kubeSecretStep, fx.host, { ...base(), insecure_skip_tls_verify: true });
  assert.equal(always.failed, undefined, always.msg);
  assert.deepEqual([always.data?.insecure, always.data?.insecure_retry], [true, false]);
});

test('auto does not retry after other TLS errors: a certificate from an unknown authority stays a failure', async () => {
  served = untrusted;
  const before = api.requests.length;
  const r = await runStep(kubeSecretStep, fx.host, { ...base(), state: 'absent', insecure_skip_tls_verify: 'auto' });
  assert.equal(r.failed, true);
  assert.match(String(r.msg), /x509: certificate signed by unknown authority/);
  assert.deepEqual([r.data?.insecure, r.data?.insecure_retry], [false, false]);
  assert.equal(api.requests.length, before, 'no request ever got past TLS');
  assert.ok(api.store.getSecret('kube-system', 'k3s-serving'));
});

test('auto with a valid certificate never skips verification', async () => {
  const r = await runStep(kubeSecretStep, fx.host, { ...base(), insecure_skip_tls_verify: 'auto' });
  assert.deepEqual([r.failed, r.data?.insecure, r.data?.insecure_retry], [undefined, false, false]);
});

test('become: a root-only kubeconfig (as /etc/rancher/k3s/k3s.yaml is) is read through sudo', async () => {
  const rootConfig = join(fx.dir, 'root-k3s.yaml');
  writeFileSync(
    rootConfig,
    kubeconfigYaml({
      server: api.url,
      caPem: certs.serverCa.certificatePem,
      user: { clientCertificatePem: certs.admin.chainPem, clientKeyPem: certs.admin.keyPem },
    }),
    { mode: 0o600 },
  );
  const asUser = await runStep(kubeSecretStep, fx.host, { ...base(), kubeconfig: rootConfig });
  assert.equal(asUser.failed, true);
  const asRoot = await runStep(kubeSecretStep, fx.sudoHost, { ...base(), kubeconfig: rootConfig }, { become: fx.sudo });
  assert.equal(asRoot.failed, undefined, asRoot.msg);
  assert.equal(asRoot.data?.exists, true);
});

test('a kubectl that is not there, or an unclosed quote in the prefix, is a failed result', async () => {
  const missing = await runStep(kubeSecretStep, fx.host, { ...base(), kubectl: 'no-such-kubectl-binary' });
  assert.equal(missing.failed, true);
  assert.equal(missing.data?.rc, 127);
  const quote = await runStep(kubeSecretStep, fx.host, { ...base(), kubectl: "k3s 'kubectl" });
  assert.equal(quote.failed, true);
  assert.match(String(quote.msg), /^kubectl: a single quote is not closed/);
});
