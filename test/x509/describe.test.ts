/** Certificate facts: judging (days, status, valid_at) and the fields documented in CERTIFICATE_FIELDS. */
import assert from 'node:assert/strict';
import { X509Certificate as NodeX509 } from 'node:crypto';
import { before, test } from 'node:test';
import { CERTIFICATE_FIELDS } from '../../src/steps/schema-helpers.js';
import { describeCertificate, fingerprint, soonestToExpire } from '../../src/x509/describe.js';
import { issueCertificate } from '../../src/x509/issue.js';
import { daysFromNow, type Family, FIXTURE_NOW, makeFamily } from './cert-fixtures.js';

let ecdsa: Family;
let rsa: Family;
let ed: Family;
before(async () => {
  [ecdsa, rsa, ed] = await Promise.all([makeFamily('ecdsa-p256'), makeFamily('rsa-2048'), makeFamily('ed25519')]);
});

test('every documented certificate field is present', () => {
  const facts = describeCertificate(ecdsa.leaf.certificate, { now: FIXTURE_NOW, validAt: { soon: '+1d' } });
  for (const field of Object.keys(CERTIFICATE_FIELDS)) assert.ok(field in facts, field);
});

test('names: RFC 4514 order, fields map with every O, common_name', () => {
  const f = describeCertificate(ecdsa.leaf.certificate, { now: FIXTURE_NOW });
  assert.equal(f.subject, 'CN=kube-apiserver, O=k3s, O=system:masters');
  assert.equal(f.common_name, 'kube-apiserver');
  assert.deepEqual(f.subject_fields.O, ['system:masters', 'k3s']);
  assert.equal(f.issuer, 'CN=k3s-server-ca@1700000000');
  assert.deepEqual(f.issuer_fields, { CN: ['k3s-server-ca@1700000000'] });
});

test('special characters are escaped as RFC 4514 says; a name without CN has common_name null', async () => {
  const odd = await issueCertificate({ subject: 'O=Acme\\, Inc., OU=a+b, C=DE', notBefore: daysFromNow(-1), notAfter: daysFromNow(1) });
  const f = describeCertificate(odd.certificate, { now: FIXTURE_NOW });
  assert.equal(f.common_name, null);
  assert.deepEqual(f.subject_fields.O, ['Acme, Inc.']);
  assert.match(f.subject, /^O=Acme\\, Inc\., /);
});

test('SANs as DNS:/IP: strings, IPv6 compressed; CA flag', () => {
  const f = describeCertificate(ecdsa.leaf.certificate, { now: FIXTURE_NOW });
  assert.deepEqual(f.subject_alt_name, [
    'DNS:kubernetes',
    'DNS:kubernetes.default',
    'DNS:localhost',
    'IP:127.0.0.1',
    'IP:10.43.0.1',
    'IP:::1',
  ]);
  assert.equal(f.is_ca, false);
  assert.equal(describeCertificate(ecdsa.ca.certificate, { now: FIXTURE_NOW }).is_ca, true);
  assert.deepEqual(describeCertificate(ecdsa.ca.certificate, { now: FIXTURE_NOW }).subject_alt_name, []);
});

test('key and signature algorithms for ECDSA P-256, RSA 2048, Ed25519', () => {
  const facts = [ecdsa, rsa, ed].map((fam) => describeCertificate(fam.leaf.certificate, { now: FIXTURE_NOW }));
  assert.deepEqual(
    facts.map((f) => [f.public_key_algorithm, f.public_key_size, f.public_key_curve, f.signature_algorithm]),
    [
      ['ecdsa', 256, 'P-256', 'ecdsa-with-SHA256'],
      ['rsa', 2048, null, 'sha256WithRSAEncryption'],
      ['ed25519', 256, null, 'ED25519'],
    ],
  );
});

test('fingerprints and serial are upper-case as openssl prints them, and equal Node/OpenSSL values', () => {
  const f = describeCertificate(rsa.leaf.certificate, { now: FIXTURE_NOW });
  const node = new NodeX509(rsa.leaf.certificatePem);
  assert.equal(f.fingerprint_sha256, node.fingerprint256);
  assert.equal(f.fingerprint_sha1, node.fingerprint);
  assert.match(f.fingerprint_sha256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.equal(f.serial_number, node.serialNumber.toUpperCase());
  assert.equal(fingerprint(new Uint8Array([1, 2, 255]), 'sha1').length, 59);
});

test('dates are ISO 8601 UTC with Z and whole seconds', () => {
  const f = describeCertificate(ecdsa.leaf.certificate, { now: FIXTURE_NOW });
  assert.equal(f.not_before, daysFromNow(-30).toISOString().replace('.000Z', 'Z'));
  assert.equal(f.not_after, daysFromNow(335).toISOString().replace('.000Z', 'Z'));
});

test('days_left rounds down and is negative once expired; expired and status follow the moment judged', () => {
  const leaf = ecdsa.leaf.certificate; // not_after = now + 335 d
  const at = (days: number) => describeCertificate(leaf, { now: daysFromNow(days) });
  assert.equal(at(0).days_left, 335);
  assert.equal(describeCertificate(leaf, { now: new Date(daysFromNow(0).getTime() + 1) }).days_left, 334);
  assert.equal(at(335).days_left, 0);
  assert.equal(at(335).expired, false, 'still valid at the exact second of notAfter');
  assert.equal(describeCertificate(leaf, { now: new Date(daysFromNow(335).getTime() + 1000) }).expired, true);
  assert.equal(describeCertificate(leaf, { now: new Date(daysFromNow(335).getTime() + 3600_000) }).days_left, -1);
  assert.equal(at(345).days_left, -10);
  assert.deepEqual(
    [at(-31), at(0), at(246), at(245), at(336)].map((f) => f.status),
    ['NOT YET VALID', 'OK', 'WARNING', 'OK', 'EXPIRED'],
  );
  assert.equal(describeCertificate(leaf, { now: daysFromNow(0), warningDays: 400 }).status, 'WARNING');
  const expired = describeCertificate(ecdsa.expired.certificate, { now: FIXTURE_NOW });
  assert.deepEqual([expired.expired, expired.days_left, expired.status], [true, -10, 'EXPIRED']);
});

test('valid_at: relative and absolute moments, judged from `now`; an unreadable moment is null', () => {
  const f = describeCertificate(ecdsa.leaf.certificate, {
    now: FIXTURE_NOW,
    validAt: {
      renewal: '+90d',
      year: '+1w52w',
      past: '-29d',
      before_start: '-31d',
      date: '2026-12-01',
      datetime: '2027-05-16T12:00:00Z',
      after_end: '2027-05-16T12:00:01Z',
      odd: '2026-02-30',
      as_date: daysFromNow(1),
    },
  });
  assert.deepEqual(f.valid_at, {
    renewal: true,
    year: false,
    past: true,
    before_start: false,
    date: true,
    datetime: true,
    after_end: false,
    odd: null,
    as_date: true,
  });
});

test('soonestToExpire picks the earliest not_after', () => {
  const facts = [ecdsa.ca, ecdsa.leaf, ecdsa.expired].map((c) => describeCertificate(c.certificate, { now: FIXTURE_NOW }));
  assert.equal(soonestToExpire(facts), facts[2]);
  assert.equal(soonestToExpire([]), undefined);
});
