/** Issuing: chains that openssl verifies, back-dated (expired) certificates, keys in k3s's PEM forms, reloaded issuers. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, X509Certificate as NodeX509 } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { describeCertificate } from '../../src/x509/describe.js';
import { issueCertificate, loadIssuer } from '../../src/x509/issue.js';
import { FIXTURE_NOW, makeFamily } from './cert-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'certbook-issue-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** `openssl verify` of `leafPem` against `caPem` as of `at`; returns its exit status and output. */
function opensslVerify(caPem: string, leafPem: string, at?: Date): { rc: number | null; out: string } {
  writeFileSync(join(dir, 'ca.pem'), caPem);
  writeFileSync(join(dir, 'leaf.pem'), leafPem);
  const attime = at ? ['-attime', String(Math.floor(at.getTime() / 1000))] : [];
  const r = spawnSync('openssl', ['verify', ...attime, '-CAfile', join(dir, 'ca.pem'), join(dir, 'leaf.pem')], { encoding: 'utf8' });
  return { rc: r.status, out: r.stdout + r.stderr };
}

test('each key type: the leaf verifies against its CA; the expired leaf fails now and verifies within its validity', async () => {
  for (const algorithm of ['ecdsa-p256', 'rsa-2048', 'ed25519'] as const) {
    const fam = await makeFamily(algorithm);
    assert.equal(opensslVerify(fam.ca.certificatePem, fam.leaf.certificatePem, FIXTURE_NOW).rc, 0, algorithm);
    const expiredNow = opensslVerify(fam.ca.certificatePem, fam.expired.certificatePem, FIXTURE_NOW);
    assert.notEqual(expiredNow.rc, 0);
    assert.match(expiredNow.out, /certificate has expired/);
    const duringValidity = new Date(fam.expired.certificate.notBefore.getTime() + 86_400_000);
    assert.equal(opensslVerify(fam.ca.certificatePem, fam.expired.certificatePem, duringValidity).rc, 0);
    assert.equal(new NodeX509(fam.leaf.certificatePem).checkIssued(new NodeX509(fam.ca.certificatePem)), true);
  }
});

test('keys are written as k3s writes them: SEC1 for ECDSA, PKCS#1 for RSA, PKCS#8 for Ed25519; each matches its certificate', async () => {
  const expected = { 'ecdsa-p256': 'EC PRIVATE KEY', 'rsa-2048': 'RSA PRIVATE KEY', ed25519: 'PRIVATE KEY' } as const;
  for (const [algorithm, label] of Object.entries(expected) as Array<[keyof typeof expected, string]>) {
    const fam = await makeFamily(algorithm);
    assert.equal(fam.leaf.keyPem.split('\n')[0], `-----BEGIN ${label}-----`);
    const cert = new NodeX509(fam.leaf.certificatePem);
    assert.equal(cert.checkPrivateKey(createPrivateKey(fam.leaf.keyPem)), true, algorithm);
  }
});

test('chainPem is leaf then CA; the subject prints back as written and encodes O before CN, like Go', async () => {
  const fam = await makeFamily('ecdsa-p256');
  const blocks = fam.leaf.chainPem.match(/-----BEGIN CERTIFICATE-----/g) ?? [];
  assert.equal(blocks.length, 2);
  assert.ok(fam.leaf.chainPem.startsWith(fam.leaf.certificatePem));
  assert.ok(fam.leaf.chainPem.endsWith(fam.ca.certificatePem));
  const r = spawnSync('openssl', ['x509', '-noout', '-subject', '-nameopt', 'oneline'], {
    input: fam.expired.certificatePem,
    encoding: 'utf8',
  });
  assert.equal(r.stdout.trim(), 'subject=O = k3s, CN = k3s');
  assert.equal(describeCertificate(fam.expired.certificate, { now: FIXTURE_NOW }).subject, 'CN=k3s, O=k3s');
});

test('a reloaded issuer (certificate + key PEM) signs leaves that verify against the original CA', async () => {
  for (const algorithm of ['ecdsa-p256', 'rsa-2048', 'ed25519'] as const) {
    const fam = await makeFamily(algorithm);
    const reloaded = await loadIssuer(fam.ca.certificatePem, fam.ca.keyPem);
    assert.equal(reloaded.keys.algorithm, algorithm);
    const leaf = await issueCertificate({
      subject: 'CN=after-restart',
      issuer: reloaded,
      notBefore: FIXTURE_NOW,
      notAfter: new Date(FIXTURE_NOW.getTime() + 86_400_000),
    });
    assert.equal(opensslVerify(fam.ca.certificatePem, leaf.certificatePem, FIXTURE_NOW).rc, 0, algorithm);
  }
});

test('a reused key pair gives a new certificate with the same public key; serials are positive and distinct', async () => {
  const fam = await makeFamily('ecdsa-p256');
  const renewed = await issueCertificate({
    subject: 'CN=k3s, O=k3s',
    issuer: fam.ca,
    keys: fam.expired.keys,
    notBefore: FIXTURE_NOW,
    notAfter: new Date(FIXTURE_NOW.getTime() + 365 * 86_400_000),
  });
  assert.equal(renewed.keyPem, fam.expired.keyPem);
  assert.notEqual(renewed.certificate.serialNumber, fam.expired.certificate.serialNumber);
  for (const c of [renewed, fam.leaf, fam.ca])
    assert.doesNotMatch(describeCertificate(c.certificate, { now: FIXTURE_NOW }).serial_number, /^-/);
});
