/**
 * What a k3s (or RKE2) release can do, from its number (`1.33.1`, no `v`, no `+k3s1`): its own
 * renewal window, whether it has `k3s certificate rotate`, whether its serving certificate
 * renews itself. The releases are docs/k3s-cert-facts §2 and §5; `0` (an unknown version) is
 * judged as the oldest release.
 */
import type { CompareVersions } from './version-compare.js';

/** The traits `tasks/k3s-facts.yaml` sets as cb_renew_days, cb_has_rotate and cb_old_serving. */
export interface ReleaseTraits {
  /** Days before expiry at which a start renews a leaf: 120 from the May-2025 releases, 90 before. */
  renew_days: number;
  /** `k3s certificate rotate` exists (December-2021 releases). */
  has_rotate: boolean;
  /** v1.18 and older: nothing ever renews the serving certificate. */
  old_serving: boolean;
}

/** The first release of each line with the 120-day window (k3s#12312); later lines have it from .0. */
export const RENEW_120_FROM = ['1.30.13', '1.31.9', '1.32.5', '1.33.1'] as const;
/** The first release of each line with `k3s certificate rotate`; later lines have it from .0. */
export const ROTATE_FROM = ['1.21.8', '1.22.5', '1.23.1'] as const;
/** The first line whose serving certificate renews on restart (dynamiclistener's renewing line). */
export const SERVING_RENEWS_FROM = '1.19';

/**
 * Whether `version` is at or after the first release of its line in `firsts` (one per minor
 * line, oldest first): inside an older line from that line's release on, and in every line
 * after the newest from its release on.
 */
export function fromReleases(version: string, firsts: readonly string[], compare: CompareVersions): boolean {
  return firsts.some((first, i) => {
    if (compare(version, first) < 0) return false;
    if (i === firsts.length - 1) return true;
    const [major = 0, minor = 0] = first.split('.').map(Number);
    return compare(version, `${major}.${minor + 1}`) < 0;
  });
}

/** The traits of release `version`. */
export function releaseTraits(version: string, compare: CompareVersions): ReleaseTraits {
  return {
    renew_days: fromReleases(version, RENEW_120_FROM, compare) ? 120 : 90,
    has_rotate: fromReleases(version, ROTATE_FROM, compare),
    old_serving: compare(version, SERVING_RENEWS_FROM) < 0,
  };
}
