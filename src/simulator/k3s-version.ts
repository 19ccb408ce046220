/**
 * k3s version facts the simulator needs (from /work/shared/k3s-cert-facts.md):
 * which family a release belongs to, its leaf renewal window and which
 * `k3s certificate` subcommands it ships. Pure functions, no I/O.
 */

/**
 * The distribution a release belongs to: k3s, or RKE2, which builds on k3s's code and names
 * its files, Secret, services and commands after itself (`version.Program`; docs/rke2-cert-facts.md).
 */
export type Program = 'k3s' | 'rke2';

/** A parsed k3s or RKE2 release such as `v1.27.13+k3s1` or `v1.28.9+rke2r1`. */
export interface K3sVersion {
  readonly minor: number;
  readonly patch: number;
  /** `rke2` for an `+rke2rN` release; absent (k3s) otherwise. */
  readonly program?: Program;
}

/** Behaviour family: v1.18 (old dynamiclistener) or v1.19 and later. */
export type K3sFamily = 'v1.18' | 'v1.19+';

/** Parses `v1.MINOR.PATCH[+k3sN|+rke2rN]`; returns undefined for anything else. */
export function parseK3sVersion(text: string): K3sVersion | undefined {
  const m = /^v?1\.(\d+)\.(\d+)(?:[+-].*)?$/.exec(text.trim());
  if (m === null) return undefined;
  const v = { minor: Number(m[1]), patch: Number(m[2]) };
  return /\+rke2r\d+$/.test(text.trim()) ? { ...v, program: 'rke2' } : v;
}

/** `k3s` or `rke2`: the name RKE2 puts where k3s puts `k3s` (files, Secret, CA names, services). */
export function programOf(v: K3sVersion): Program {
  return v.program ?? 'k3s';
}

/** The dynamiclistener family; everything up to 1.18 behaves like 1.18. */
export function k3sFamily(v: K3sVersion): K3sFamily {
  return v.minor <= 18 ? 'v1.18' : 'v1.19+';
}

/** True when `v` is at least the first patch listed for its minor, or a later minor. */
function atLeast(v: K3sVersion, firsts: Readonly<Record<number, number>>, allFrom: number): boolean {
  if (v.minor >= allFrom) return true;
  const first = firsts[v.minor];
  return first !== undefined && v.patch >= first;
}

/** Days before expiry inside which server start renews a leaf: 120 since the May-2025 releases, else 90. */
export function renewWindowDays(v: K3sVersion): number {
  return atLeast(v, { 30: 13, 31: 9, 32: 5, 33: 1 }, 34) ? 120 : 90;
}

/**
 * Server-CA-signed serving certificates for kube-controller-manager and kube-scheduler in
 * `server/tls/<component>/<component>.crt` (k3s#12172, PR #12285; backports #12295–#12298:
 * v1.33.1, v1.32.5, v1.31.9, v1.30.13, the May-2025 releases). Before, both served a
 * self-signed certificate of their own (Rancher-provisioned clusters put one at the same path).
 */
export function hasComponentServingCerts(v: K3sVersion): boolean {
  return atLeast(v, { 30: 13, 31: 9, 32: 5, 33: 1 }, 34);
}

/** `k3s certificate rotate` exists from v1.21.8 / v1.22.5 / v1.23.1 (PR #4495 and backports). */
export function hasCertificateRotate(v: K3sVersion): boolean {
  return atLeast(v, { 21: 8, 22: 5, 23: 1 }, 24);
}

/**
 * `k3s certificate check` from v1.27.13 / v1.28.9 / v1.29.4: PR #9772 is in v1.29.4's release
 * notes and in the 2024-04 backports of v1.28.9 (#9911) and v1.27.13 (#9912) (k3s-io/docs
 * release notes), the releases that also fixed the known bugs of docs/k3s-known-bugs.md.
 */
export function hasCertificateCheck(v: K3sVersion): boolean {
  return atLeast(v, { 27: 13, 28: 9, 29: 4 }, 30);
}

/** Server start renews a leaf when it has expired or has at most the window's days left; CAs never. */
export function leafNeedsRenewal(v: K3sVersion, daysLeft: number): boolean {
  return daysLeft <= renewWindowDays(v);
}
