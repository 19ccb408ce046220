/**
 * Certificates the tests make (never files checked in with dates that rot): a CA and a leaf
 * for each key type, and an expired leaf, all with validity chosen relative to a fixed "now".
 */
import { issueCertificate, type IssuedCertificate, type KeyAlgorithm } from '../../src/x509/issue.js';

/** The "now" the fixtures are built around. Tests pass it to describe; nothing reads the clock. */
export const FIXTURE_NOW = new Date('2026-06-15T12:00:00Z');

const DAY = 86_400_000;

/** `days` days from {@link FIXTURE_NOW} (negative: before). */
export function daysFromNow(days: number, base = FIXTURE_NOW): Date {
  return new Date(base.getTime() + days * DAY);
}

/** A CA and the certificates it signed. */
export interface Family {
  ca: IssuedCertificate;
  /** Valid: from 30 days ago for 365 days. */
  leaf: IssuedCertificate;
  /** Expired 10 days ago (issued 375 days ago, for 365 days). */
  expired: IssuedCertificate;
}

/** A k3s-like family for `algorithm`, built around `now`. */
export async function makeFamily(algorithm: KeyAlgorithm, now = FIXTURE_NOW): Promise<Family> {
  const ca = await issueCertificate({
    subject: `CN=k3s-server-ca@1700000000`, ca: true, keyAlgorithm: algorithm,
    notBefore: daysFromNow(-800, now), notAfter: daysFromNow(3000, now),
  });
  const leaf = await issueCertificate({
    subject: 'CN=kube-apiserver, O=k3s, O=system:masters', issuer: ca, keyAlgorithm: algorithm,
    notBefore: daysFromNow(-30, now), notAfter: daysFromNow(335, now),
    dnsNames: ['kubernetes', 'kubernetes.default', 'localhost'], ipAddresses: ['127.0.0.1', '10.43.0.1', '::1'],
  });
  const expired = await issueCertificate({
    subject: 'CN=k3s, O=k3s', issuer: ca, keyAlgorithm: algorithm,
    notBefore: daysFromNow(-375, now), notAfter: daysFromNow(-10, now), dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'],
  });
  return { ca, leaf, expired };
}
