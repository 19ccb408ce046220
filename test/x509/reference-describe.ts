/**
 * The certificate facts as certbook computed them with @peculiar/x509 (asn1js) before the
 * controller got its own DER reader: kept, frozen, as the reference the differential test
 * (reference-agreement.test.ts) compares the new reader with. Test code only; never imported by src/.
 */
import type { Name } from '@peculiar/x509';
import { describePublicKey, signatureAlgorithmName } from '../../src/x509/algorithms.js';
import { certificateExtensions, readTlv, serialHex, signatureAlgorithmOid } from '../../src/x509/der.js';
import { type CertificateFacts, type DescribeOptions, fingerprint } from '../../src/x509/describe.js';
import { extensionFacts } from '../../src/x509/extensions.js';
import { isoSeconds, parseMoment } from '../../src/x509/moments.js';
import { DEFAULT_MAX_CERT_FILE_BYTES, type ParseOptions } from '../../src/x509/parse.js';
import { looksLikePem, scanPem } from '../../src/x509/pem.js';
import { type Certificate, pki } from '../../src/x509/pki.js';
import { certificateStatus, DEFAULT_WARNING_DAYS, daysLeft, validAt } from '../../src/x509/status.js';

/** The old `parseDer`: one DER certificate through @peculiar/x509, or why not. */
export function referenceParseDer(der: Uint8Array): Certificate | string {
  try {
    const outer = readTlv(der, 0);
    if (outer.end !== der.length) return `not one certificate (${der.length - outer.end} bytes left over)`;
    const own = new Uint8Array(der.byteLength);
    own.set(der);
    return new pki.X509Certificate(own);
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    return `not a valid X.509 certificate (${text.split('\n')[0]!.slice(0, 160)})`;
  }
}

/** The old `describeCertificate`. */
export function referenceDescribe(cert: Certificate, options: DescribeOptions): CertificateFacts {
  const der = new Uint8Array(cert.rawData);
  const subject = describeName(cert.subjectName);
  const issuer = describeName(cert.issuerName);
  const key = describePublicKey(new Uint8Array(cert.publicKey.rawData));
  const extensions = extensionFacts(certificateExtensions(der));
  const { notBefore, notAfter } = cert;
  const facts: CertificateFacts = {
    subject: subject.text,
    subject_fields: subject.fields,
    common_name: subject.fields.CN?.at(-1) ?? null,
    issuer: issuer.text,
    issuer_fields: issuer.fields,
    subject_alt_name: extensions.subjectAltName,
    serial_number: serialHex(der),
    not_before: isoSeconds(notBefore),
    not_after: isoSeconds(notAfter),
    expired: options.now.getTime() > notAfter.getTime(),
    days_left: daysLeft(notAfter, options.now),
    status: certificateStatus(notBefore, notAfter, options.now, options.warningDays ?? DEFAULT_WARNING_DAYS),
    valid_at: judgeMoments(notBefore, notAfter, options),
    is_ca: extensions.isCa,
    public_key_algorithm: key.algorithm,
    public_key_size: key.size,
    public_key_curve: key.curve,
    signature_algorithm: signatureAlgorithmName(signatureAlgorithmOid(der)),
    fingerprint_sha1: fingerprint(der, 'sha1'),
    fingerprint_sha256: fingerprint(der, 'sha256'),
  };
  if (extensions.notes.length) facts.notes = extensions.notes;
  return facts;
}

function judgeMoments(notBefore: Date, notAfter: Date, options: DescribeOptions): Record<string, boolean | null> {
  const out: Record<string, boolean | null> = {};
  for (const [name, spec] of Object.entries(options.validAt ?? {})) {
    const moment = spec instanceof Date ? spec : parseMoment(spec, options.now);
    out[name] = moment ? validAt(notBefore, notAfter, moment) : null;
  }
  return out;
}

const EXTRA_NAMES: Record<string, string> = {
  E: 'emailAddress',
  '2.5.4.5': 'serialNumber',
  '2.5.4.9': 'STREET',
  '2.5.4.15': 'businessCategory',
  '2.5.4.17': 'postalCode',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL',
  '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST',
  '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
};

function describeName(name: Name): { text: string; fields: Record<string, string[]> } {
  const rdns = name.toJSON().map((rdn) => Object.entries(rdn).map(([type, values]) => [EXTRA_NAMES[type] ?? type, values] as const));
  const fields: Record<string, string[]> = {};
  for (const rdn of rdns) {
    for (const [type, values] of rdn) {
      const list = fields[type] ?? [];
      list.push(...values);
      fields[type] = list;
    }
  }
  const text = [...rdns]
    .reverse()
    .map((rdn) => rdn.flatMap(([type, values]) => values.map((v) => `${type}=${escapeValue(v)}`)).join('+'))
    .join(', ');
  return { text, fields };
}

function escapeValue(value: string): string {
  if (/^#[0-9a-fA-F]*$/.test(value)) return value;
  return value
    .replace(/([,+"\\<>;])/g, '\\$1')
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ')
    .replace(/[\x00-\x1f\x7f]/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** The old `parseCertificates`, with {@link referenceParseDer}; never throws. */
export function referenceParseCertificates(
  input: Buffer | string,
  options: ParseOptions = {},
): { format?: string; certificates: Certificate[]; errors: string[] } {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  const max = options.maxBytes ?? DEFAULT_MAX_CERT_FILE_BYTES;
  if (size > max) return { certificates: [], errors: [`${size} bytes is more than the limit of ${max} bytes for a certificate file`] };
  const text = typeof input === 'string' ? input : input.toString('latin1');
  if (text.trim() === '') return { certificates: [], errors: ['the file is empty'] };
  if (!looksLikePem(text)) {
    const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
    if (bytes[0] !== 0x30) return { certificates: [], errors: ['not a certificate: no PEM block and not DER'] };
    const one = referenceParseDer(bytes);
    return typeof one === 'string'
      ? { format: 'der', certificates: [], errors: [`DER input: ${one}`] }
      : { format: 'der', certificates: [one], errors: [] };
  }
  const scan = scanPem(text);
  const certBlocks = scan.blocks.filter((b) => b.type === 'CERTIFICATE' || b.type === 'X509 CERTIFICATE');
  const errors = [...scan.problems];
  const limit = options.maxCertificates ?? 10_000;
  if (certBlocks.length > limit)
    return { format: 'pem', certificates: [], errors: [`${certBlocks.length} certificates is more than the limit of ${limit}`] };
  if (certBlocks.length === 0 && errors.length === 0) {
    const found = [...new Set(scan.blocks.map((b) => b.type))].join(', ');
    errors.push(`no CERTIFICATE block in the PEM text (found: ${found || 'nothing decodable'})`);
  }
  const certificates: Certificate[] = [];
  for (const block of options.bundle ? certBlocks : certBlocks.slice(0, 1)) {
    const cert = referenceParseDer(block.der);
    if (typeof cert === 'string') errors.push(`PEM block #${block.index}: ${cert}`);
    else certificates.push(cert);
  }
  return { format: 'pem', certificates, errors };
}
