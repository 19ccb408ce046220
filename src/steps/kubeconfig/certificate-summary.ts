/**
 * What certbook shows of a kubeconfig's certificates: who, who signed, until when, and the
 * SHA-256 fingerprint. Never the certificate's PEM (it is not secret, but it stays out of the
 * output so a kubeconfig's `*-data` values never appear there at all) and never a key.
 */
import { describeCertificate } from '../../x509/describe.js';
import { parseCertificates } from '../../x509/parse.js';

/** One certificate as registered by the kubeconfig steps. */
export interface CertificateSummary {
  subject: string;
  common_name: string | null;
  issuer: string;
  not_before: string;
  not_after: string;
  expired: boolean;
  days_left: number;
  fingerprint_sha256: string;
}

/** The first certificate of `pem`, or why it cannot be read. */
export function summarizeCertificate(pem: string, now: Date): CertificateSummary | { error: string } {
  const parsed = parseCertificates(pem);
  const cert = parsed.certificates[0];
  if (!cert) return { error: parsed.errors[0] ?? 'no certificate' };
  const f = describeCertificate(cert, { now });
  return {
    subject: f.subject,
    common_name: f.common_name,
    issuer: f.issuer,
    not_before: f.not_before,
    not_after: f.not_after,
    expired: f.expired,
    days_left: f.days_left,
    fingerprint_sha256: f.fingerprint_sha256,
  };
}
