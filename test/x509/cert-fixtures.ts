/**
 * Certificates the tests make (never files checked in with dates that rot): a CA and a leaf
 * for each key type, and an expired leaf, all with validity chosen relative to a fixed "now".
 */
import { type IssuedCertificate, issueCertificate, type KeyAlgorithm } from '../../src/x509/issue.js';

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
    subject: `CN=k3s-server-ca@1700000000`,
    ca: true,
    keyAlgorithm: algorithm,
    notBefore: daysFromNow(-800, now),
    notAfter: daysFromNow(3000, now),
  });
  const leaf = await issueCertificate({
    subject: 'CN=kube-apiserver, O=k3s, O=system:masters',
    issuer: ca,
    keyAlgorithm: algorithm,
    notBefore: daysFromNow(-30, now),
    notAfter: daysFromNow(335, now),
    dnsNames: ['kubernetes', 'kubernetes.default', 'localhost'],
    ipAddresses: ['127.0.0.1', '10.43.0.1', '::1'],
  });
  const expired = await issueCertificate({
    subject: 'CN=k3s, O=k3s',
    issuer: ca,
    keyAlgorithm: algorithm,
    notBefore: daysFromNow(-375, now),
    notAfter: daysFromNow(-10, now),
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
  });
  return { ca, leaf, expired };
}

/** The certificates a k3s server has, enough for the fake API and kubectl. */
export interface ClusterCerts {
  serverCa: IssuedCertificate;
  clientCa: IssuedCertificate;
  /** The `k3s` serving certificate (CN/O k3s, SANs localhost, 127.0.0.1), valid. */
  serving: IssuedCertificate;
  /** The same kind of certificate, expired 10 days before `now`. */
  servingExpired: IssuedCertificate;
  /** `system:admin` in `system:masters`, signed by the client CA. */
  admin: IssuedCertificate;
  /** A client certificate signed by a CA the server does not know. */
  stranger: IssuedCertificate;
}

/** Cluster certificates around `now` (pass the real clock when kubectl or OpenSSL will judge them). */
export async function makeClusterCerts(now: Date): Promise<ClusterCerts> {
  const ca = (cn: string) =>
    issueCertificate({ subject: `CN=${cn}@1700000000`, ca: true, notBefore: daysFromNow(-800, now), notAfter: daysFromNow(3000, now) });
  const [serverCa, clientCa, otherCa] = await Promise.all([ca('k3s-server-ca'), ca('k3s-client-ca'), ca('elsewhere-ca')]);
  const serving = (notBefore: number, notAfter: number) =>
    issueCertificate({
      subject: 'CN=k3s, O=k3s',
      issuer: serverCa,
      notBefore: daysFromNow(notBefore, now),
      notAfter: daysFromNow(notAfter, now),
      dnsNames: ['kubernetes', 'kubernetes.default', 'localhost'],
      ipAddresses: ['127.0.0.1', '10.43.0.1'],
    });
  const client = (issuer: IssuedCertificate) =>
    issueCertificate({
      subject: 'CN=system:admin, O=system:masters',
      issuer,
      usage: 'client',
      notBefore: daysFromNow(-30, now),
      notAfter: daysFromNow(335, now),
    });
  const [valid, expired, admin, stranger] = await Promise.all([serving(-30, 335), serving(-375, -10), client(clientCa), client(otherCa)]);
  return { serverCa, clientCa, serving: valid, servingExpired: expired, admin, stranger };
}
