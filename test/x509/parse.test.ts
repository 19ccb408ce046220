/** Certificate input in every shape a file can have: each bad one is an error value, never a throw. */
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { before, test } from 'node:test';
import { parseCertificates } from '../../src/x509/parse.js';
import { type Family, makeFamily } from './cert-fixtures.js';

let family: Family;
let der: Buffer;
before(async () => {
  family = await makeFamily('ecdsa-p256');
  der = Buffer.from(family.leaf.certificate.rawData);
});

test('one PEM certificate: the first certificate only, unless bundle', () => {
  const one = parseCertificates(family.leaf.chainPem);
  assert.equal(one.format, 'pem');
  assert.equal(one.certificates.length, 1);
  const derOf = (c: { rawData: ArrayBuffer }) => Buffer.from(c.rawData).toString('hex');
  assert.equal(derOf(one.certificates[0]!), derOf(family.leaf.certificate));
  const all = parseCertificates(family.leaf.chainPem, { bundle: true });
  assert.deepEqual(all.certificates.map(derOf), [derOf(family.leaf.certificate), derOf(family.ca.certificate)]);
  assert.deepEqual(all.errors, []);
});

test('DER certificate bytes are read as DER; Buffer and CRLF PEM text both work', () => {
  const parsed = parseCertificates(der);
  assert.equal(parsed.format, 'der');
  assert.equal(parsed.certificates.length, 1);
  assert.deepEqual(parsed.errors, []);
  const crlf = parseCertificates(Buffer.from(family.leaf.certificatePem.replace(/\n/g, '\r\n')));
  assert.equal(crlf.certificates.length, 1);
  assert.deepEqual(crlf.errors, []);
});

test('text around the blocks, and a key next to the certificate, are ignored', () => {
  const text = `subject=CN=x\n${family.leaf.keyPem}\nsome comment\n${family.leaf.certificatePem}trailing words\n`;
  const parsed = parseCertificates(text, { bundle: true });
  assert.equal(parsed.certificates.length, 1);
  assert.deepEqual(parsed.errors, []);
});

const BAD: Array<[string, () => Buffer | string, RegExp]> = [
  ['an empty file', () => '', /empty/],
  ['only whitespace', () => ' \n\t\n', /empty/],
  ['random bytes', () => Buffer.from([0x01, 0x02, 0xff, 0x00, 0x42]), /not a certificate/],
  ['plain text', () => 'hello, not a certificate\n', /not a certificate/],
  ['a truncated PEM block', () => family.leaf.certificatePem.slice(0, 200), /truncated/],
  ['a PEM body that is not base64', () => family.leaf.certificatePem.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!'), /not base64/],
  [
    'a PEM body with a line missing',
    () =>
      family.leaf.certificatePem
        .split('\n')
        .filter((_, i) => i !== 3)
        .join('\n'),
    /not a valid X\.509 certificate|cut short/,
  ],
  ['a PEM private key only', () => family.leaf.keyPem, /no CERTIFICATE block.*EC PRIVATE KEY/],
  ['DER cut short', () => der.subarray(0, der.length - 7), /not a valid X\.509 certificate/],
  ['DER with bytes after it', () => Buffer.concat([der, Buffer.from([0, 0])]), /left over/],
  [
    'a DER private key (not a certificate)',
    () => createPrivateKey(family.leaf.keyPem).export({ format: 'der', type: 'pkcs8' }),
    /not a valid X\.509 certificate/,
  ],
  ['an ASN.1 SEQUENCE that is not a certificate', () => Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05]), /not a valid X\.509 certificate/],
];

for (const [what, input, pattern] of BAD) {
  test(`${what}: an error, no certificate, no throw`, () => {
    const parsed = parseCertificates(input());
    assert.equal(parsed.certificates.length, 0);
    assert.equal(parsed.errors.length, 1, parsed.errors.join('; '));
    assert.match(parsed.errors[0]!, pattern);
  });
}

test('errors never quote key material', () => {
  const keyBody = family.leaf.keyPem.split('\n').slice(1, 3).join('');
  const der2 = createPrivateKey(family.leaf.keyPem).export({ format: 'der', type: 'pkcs8' });
  for (const input of [family.leaf.keyPem, der2, family.leaf.keyPem.slice(0, 80)]) {
    for (const error of parseCertificates(input).errors) {
      assert.ok(!error.includes(keyBody.slice(0, 16)), error);
      assert.ok(!error.includes(der2.toString('hex').slice(20, 40)), error);
    }
  }
});

test('a bundle with one broken block keeps the good certificates and names the broken one', () => {
  const broken = family.ca.certificatePem.replace(/\n[A-Za-z0-9+/]{8}/, '\n########');
  const parsed = parseCertificates(family.leaf.certificatePem + broken + family.expired.certificatePem, { bundle: true });
  assert.equal(parsed.certificates.length, 2);
  assert.equal(parsed.errors.length, 1);
  assert.match(parsed.errors[0]!, /block #1/);
});

test('huge input is refused by size before any parsing; many certificates by count', () => {
  const huge = Buffer.alloc(9 * 1024 * 1024, 0x41);
  // CPU time, so a busy machine (test files run concurrently) cannot fail it: scanning 9 MB
  // would cost far more than 50 ms of it.
  const cpuBefore = process.cpuUsage();
  const parsed = parseCertificates(huge);
  const cpu = process.cpuUsage(cpuBefore);
  assert.ok((cpu.user + cpu.system) / 1000 < 50, 'refused without scanning');
  assert.match(parsed.errors[0]!, /more than the limit/);
  assert.match(parseCertificates(family.leaf.certificatePem, { maxBytes: 100 }).errors[0]!, /more than the limit of 100 bytes/);
  const many = family.leaf.certificatePem.repeat(5);
  assert.match(parseCertificates(many, { bundle: true, maxCertificates: 4 }).errors[0]!, /5 certificates is more than the limit of 4/);
  assert.equal(parseCertificates(many, { bundle: true }).certificates.length, 5);
});
