/**
 * Our certificate facts against `openssl x509` on every certificate of Debian's CA bundle (needs
 * the `ca-certificates` package) and on certificates made here with each key type: dates,
 * serial, both fingerprints and both names must be exactly what openssl prints.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { type CertificateFacts, describeCertificate } from '../../src/x509/describe.js';
import { parseCertificates } from '../../src/x509/parse.js';
import { FIXTURE_NOW, makeFamily } from './cert-fixtures.js';
import { type OpensslFacts, opensslDateToIso, opensslFacts } from './openssl.js';

const BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

function agree(ours: CertificateFacts, theirs: OpensslFacts, label: string): void {
  assert.equal(ours.not_before, opensslDateToIso(theirs.notBefore), `${label}: not_before`);
  assert.equal(ours.not_after, opensslDateToIso(theirs.notAfter), `${label}: not_after`);
  assert.equal(ours.serial_number, theirs.serial, `${label}: serial`);
  assert.equal(ours.fingerprint_sha1, theirs.sha1, `${label}: sha1`);
  assert.equal(ours.fingerprint_sha256, theirs.sha256, `${label}: sha256`);
  assert.equal(ours.subject, theirs.subject, `${label}: subject`);
  assert.equal(ours.issuer, theirs.issuer, `${label}: issuer`);
}

let bundlePems: string[];
before(() => {
  bundlePems = readFileSync(BUNDLE, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g) ?? [];
});

test('every certificate of the Debian CA bundle: dates, serial, fingerprints and names agree with openssl', () => {
  assert.ok(bundlePems.length >= 100, `expected a real CA bundle at ${BUNDLE}, found ${bundlePems.length} certificates`);
  const parsed = parseCertificates(readFileSync(BUNDLE), { bundle: true });
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.certificates.length, bundlePems.length);
  const theirs = opensslFacts(bundlePems);
  parsed.certificates.forEach((cert, i) => {
    const ours = describeCertificate(cert, { now: FIXTURE_NOW });
    agree(ours, theirs[i]!, `bundle #${i} (${ours.subject})`);
    assert.equal(ours.is_ca, true, `bundle #${i} is a CA`);
  });
});

test('the bundle has the key types we name, with sizes: RSA 2048/4096, ECDSA P-256/P-384', () => {
  const parsed = parseCertificates(readFileSync(BUNDLE), { bundle: true });
  const kinds = new Set(
    parsed.certificates.map((c) => {
      const f = describeCertificate(c, { now: FIXTURE_NOW });
      return `${f.public_key_algorithm}/${f.public_key_size}/${f.public_key_curve ?? '-'}`;
    }),
  );
  for (const kind of ['rsa/2048/-', 'rsa/4096/-', 'ecdsa/256/P-256', 'ecdsa/384/P-384'])
    assert.ok(kinds.has(kind), `${kind} in ${[...kinds].join(' ')}`);
  assert.ok(
    [...kinds].every((k) => /^(rsa\/\d+\/-|ecdsa\/\d+\/P-\d+)$/.test(k)),
    [...kinds].join(' '),
  );
});

test('certificates made with ECDSA P-256, RSA 2048 and Ed25519 agree with openssl, chain included', async () => {
  for (const algorithm of ['ecdsa-p256', 'rsa-2048', 'ed25519'] as const) {
    const family = await makeFamily(algorithm);
    const issued = [family.ca, family.leaf, family.expired];
    const theirs = opensslFacts(issued.map((c) => c.certificatePem));
    issued.forEach((c, i) => agree(describeCertificate(c.certificate, { now: FIXTURE_NOW }), theirs[i]!, `${algorithm} #${i}`));
    const leaf = describeCertificate(family.leaf.certificate, { now: FIXTURE_NOW });
    assert.deepEqual(leaf.subject_fields.CN, ['kube-apiserver']);
    assert.deepEqual([...(leaf.subject_fields.O ?? [])].sort(), ['k3s', 'system:masters']);
  }
});
