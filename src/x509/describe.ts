/**
 * Certificate facts: everything `x509_info`, `tls_probe` and `kube_secret` register for one
 * certificate (the fields documented in `CERTIFICATE_FIELDS`), computed on the controller from
 * the certificate alone and an injected "now".
 */
import { createHash } from 'node:crypto';
import { describePublicKey, signatureAlgorithmName } from './algorithms.js';
import { ParsedCertificate } from './certificate.js';
import { describeName } from './distinguished-name.js';
import { extensionFacts } from './extensions.js';
import { isoSeconds, parseMoment } from './moments.js';
import { type CertificateStatus, certificateStatus, DEFAULT_WARNING_DAYS, daysLeft, validAt } from './status.js';

/** When to judge. */
export interface DescribeOptions {
  /** The moment judged ("now", or the `at` argument). Never read from the clock here. */
  now: Date;
  /**
   * Name → moment: a Date, or text as `valid_at` takes it (`+90d`, `-1w`, `2026-01-31`),
   * relative to `now`. A text that is not a moment gives `null` for its name.
   */
  validAt?: Readonly<Record<string, string | Date>>;
  /** Days before expiry that make the status WARNING. Default {@link DEFAULT_WARNING_DAYS} (k3s). */
  warningDays?: number;
}

/** The facts about one certificate, with the registered (snake_case) field names. */
export interface CertificateFacts {
  /** RFC 4514 order: `CN=k3s, O=k3s`. */
  subject: string;
  /** Type → values, e.g. `{ CN: ['system:admin'], O: ['system:masters'] }`. */
  subject_fields: Record<string, string[]>;
  /** The subject's CN (the most specific one when there are several), null when none. */
  common_name: string | null;
  issuer: string;
  issuer_fields: Record<string, string[]>;
  /** `DNS:name`, `IP:address`, `email:…`, `URI:…`. */
  subject_alt_name: string[];
  /** Upper-case hex as `openssl x509 -serial` prints it (`0A1B…`). */
  serial_number: string;
  /** ISO 8601 UTC with `Z`, whole seconds. */
  not_before: string;
  not_after: string;
  /** notAfter is before the moment judged. */
  expired: boolean;
  /** Whole days to notAfter, rounded down, negative once expired. */
  days_left: number;
  /** `OK`, `WARNING` (inside the renewal window), `EXPIRED`, `NOT YET VALID`, as `k3s certificate check`. */
  status: CertificateStatus;
  /** Name → valid at that moment (null when the moment could not be read). */
  valid_at: Record<string, boolean | null>;
  is_ca: boolean;
  /** `ecdsa`, `rsa`, `ed25519`, … */
  public_key_algorithm: string;
  /** Bits: 256 for P-256 and Ed25519, the modulus size for RSA. */
  public_key_size: number | null;
  /** `P-256`, `P-384`, `P-521` for ECDSA keys, else null. */
  public_key_curve: string | null;
  /** openssl's name: `ecdsa-with-SHA256`, `sha256WithRSAEncryption`, `ED25519`. */
  signature_algorithm: string;
  /** Upper-case, colon-separated, as `openssl x509 -fingerprint -sha1` prints it. */
  fingerprint_sha1: string;
  /** Upper-case, colon-separated, as `openssl x509 -fingerprint -sha256` prints it. */
  fingerprint_sha256: string;
  /** Parts of the certificate that could not be decoded (a malformed extension); usually absent. */
  notes?: string[];
}

/**
 * A certificate to describe: one `parseCertificates` returned, or anything holding a
 * certificate's DER as `rawData` (an issued @peculiar/x509 certificate, in tests and the simulator).
 */
export type DescribableCertificate = ParsedCertificate | { readonly rawData: ArrayBuffer };

/**
 * Describes `cert` as of `options.now`. Throws only when given DER that `parseCertificates`
 * would have refused (a ParsedCertificate never throws here).
 */
export function describeCertificate(input: DescribableCertificate, options: DescribeOptions): CertificateFacts {
  const cert = input instanceof ParsedCertificate ? input : new ParsedCertificate(new Uint8Array(input.rawData));
  const der = new Uint8Array(cert.rawData);
  const subject = describeName(cert.subjectRdns);
  const issuer = describeName(cert.issuerRdns);
  const key = describePublicKey(cert.publicKeyInfo);
  const extensions = extensionFacts(cert.extensions);
  const { notBefore, notAfter } = cert;
  const facts: CertificateFacts = {
    subject: subject.text,
    subject_fields: subject.fields,
    common_name: subject.fields.CN?.at(-1) ?? null,
    issuer: issuer.text,
    issuer_fields: issuer.fields,
    subject_alt_name: extensions.subjectAltName,
    serial_number: cert.serialNumber,
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
    signature_algorithm: signatureAlgorithmName(cert.signatureAlgorithmOid),
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

/** `AB:CD:…`: upper-case hex, colon-separated, as openssl prints fingerprints. */
export function fingerprint(der: Uint8Array, algorithm: 'sha1' | 'sha256'): string {
  return createHash(algorithm).update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

/** The facts of the certificate that expires first (the earliest `not_after`), undefined for none. */
export function soonestToExpire<T extends Pick<CertificateFacts, 'not_after'>>(facts: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const f of facts) if (!best || f.not_after < best.not_after) best = f;
  return best;
}
