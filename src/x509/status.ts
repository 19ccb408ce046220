/**
 * The verdict `k3s certificate check` prints per certificate (k3s pkg/util `GetCertStatus`):
 * NOT YET VALID before notBefore, EXPIRED after notAfter, WARNING when notAfter falls inside
 * the renewal window, OK otherwise.
 */

/** One of k3s's four words. */
export type CertificateStatus = 'OK' | 'WARNING' | 'EXPIRED' | 'NOT YET VALID';

/**
 * k3s renews leaf certificates at start-up within 90 days of expiry (120 since the May 2025
 * releases); 90 is the window every k3s version honours.
 */
export const DEFAULT_WARNING_DAYS = 90;

const DAY_MS = 86_400_000;

/**
 * The status at `now`. Validity is inclusive at both ends, as in Go's x509 and openssl: a
 * certificate is still valid at the exact second of its notAfter.
 */
export function certificateStatus(notBefore: Date, notAfter: Date, now: Date, warningDays = DEFAULT_WARNING_DAYS): CertificateStatus {
  const t = now.getTime();
  if (t < notBefore.getTime()) return 'NOT YET VALID';
  if (t > notAfter.getTime()) return 'EXPIRED';
  // dynamiclistener's IsCertExpired: now + window is after notAfter.
  if (t + warningDays * DAY_MS > notAfter.getTime()) return 'WARNING';
  return 'OK';
}

/** Whole days from `now` to `notAfter`, rounded down: negative once expired (an hour late is -1). */
export function daysLeft(notAfter: Date, now: Date): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
}

/** Valid at `moment`: notBefore ≤ moment ≤ notAfter. */
export function validAt(notBefore: Date, notAfter: Date, moment: Date): boolean {
  const t = moment.getTime();
  return t >= notBefore.getTime() && t <= notAfter.getTime();
}
