/**
 * Whether a kubeconfig's contexts still hold a cluster's current admin credentials, judged by
 * certificates only (fingerprints, subjects, issuers, dates: nothing secret).
 *
 * What a stale copy means is stated exactly: k3s re-issues `client-admin.crt` from the same
 * client CA, and the API server accepts any unexpired certificate that CA signed, so an older
 * admin certificate keeps working until its own not-after. It is refused once expired, or when
 * another client CA signed it (after `k3s certificate rotate-ca`).
 */
import { type CertificateSummary, summarizeCertificate } from './certificate-summary.js';
import type { Kubeconfig } from './kubeconfig-document.js';

/** A cluster's current admin kubeconfig, as `kubeconfig_fetch` registered it. */
export interface CurrentAdmin {
  name: string;
  ca_fingerprint_sha256: string | null;
  client_certificate: CertificateSummary | null;
}

/** The verdict on one context. */
export type ContextState = 'current' | 'stale' | 'other-user' | 'not-judged' | 'other-cluster';

/** One context of a kubeconfig, judged. */
export interface JudgedContext {
  context: string;
  /** The cluster (as `kubeconfig_fetch` named it) whose server CA the context trusts, or null. */
  cluster: string | null;
  server: string;
  user: string;
  auth: string;
  client_certificate: CertificateSummary | null;
  ca_fingerprint_sha256: string | null;
  state: ContextState;
  why: string;
}

/** Judges every context of `k` (every cluster entry, when it has no contexts) against `current`. */
export function judgeContexts(k: Kubeconfig, current: readonly CurrentAdmin[], now: Date): JudgedContext[] {
  const contexts =
    k.contexts.length > 0 ? k.contexts : k.clusters.map((c) => ({ name: c.name, cluster: c.name, user: k.users[0]?.name ?? '' }));
  return contexts.map((ctx) => {
    const cluster = k.clusters.find((c) => c.name === ctx.cluster);
    const user = k.users.find((u) => u.name === ctx.user);
    const ca = cluster?.caPem ? summarizeCertificate(cluster.caPem, now) : undefined;
    const caFp = ca && !('error' in ca) ? ca.fingerprint_sha256 : null;
    const cert = user?.certificatePem ? summarizeCertificate(user.certificatePem, now) : undefined;
    const clientCert = cert && !('error' in cert) ? cert : null;
    const match = caFp ? current.find((c) => c.ca_fingerprint_sha256 === caFp) : undefined;
    const base = {
      context: ctx.name,
      cluster: match?.name ?? null,
      server: cluster?.server ?? '',
      user: ctx.user,
      auth: user?.auth ?? 'none',
      client_certificate: clientCert,
      ca_fingerprint_sha256: caFp,
    };
    return { ...base, ...verdict(caFp, match, user?.auth ?? 'none', clientCert, now) };
  });
}

function verdict(
  caFp: string | null,
  match: CurrentAdmin | undefined,
  auth: string,
  cert: CertificateSummary | null,
  now: Date,
): { state: ContextState; why: string } {
  if (!caFp) return { state: 'not-judged', why: 'no embedded server CA (certificate-authority-data): its cluster cannot be told' };
  if (!match) return { state: 'other-cluster', why: `its server CA (sha256 ${short(caFp)}) is none of the clusters refreshed in this run` };
  const admin = match.client_certificate;
  if (auth !== 'client-certificate' || !cert) {
    return { state: 'not-judged', why: `authenticates with ${AUTH_WORDS[auth] ?? auth}, which rotating certificates does not change` };
  }
  if (!admin) return { state: 'not-judged', why: `the cluster's own admin kubeconfig has no client certificate to compare with` };
  if (cert.fingerprint_sha256 === admin.fingerprint_sha256)
    return {
      state: 'current',
      why: `the admin certificate k3s now holds (sha256 ${short(cert.fingerprint_sha256)}, until ${cert.not_after})`,
    };
  if (cert.common_name !== admin.common_name) {
    return {
      state: 'other-user',
      why: `a client certificate of ${cert.common_name ?? cert.subject}, not the admin's: rotation leaves it alone${cert.expired ? `, but it expired on ${cert.not_after}` : ''}`,
    };
  }
  const older = `an earlier ${cert.common_name ?? 'admin'} certificate (sha256 ${short(cert.fingerprint_sha256)}) than the one k3s now holds (sha256 ${short(admin.fingerprint_sha256)})`;
  if (cert.expired) return { state: 'stale', why: `${older}: it expired on ${cert.not_after}, so the API refuses it` };
  if (cert.issuer !== admin.issuer)
    return { state: 'stale', why: `${older}: signed by another client CA (${cert.issuer}), so the API refuses it` };
  const days = Math.floor((Date.parse(cert.not_after) - now.getTime()) / 86_400_000);
  return {
    state: 'stale',
    why: `${older}: signed by the same client CA, so the API still accepts it until it expires on ${cert.not_after} (in ${days} days); replace it before then`,
  };
}

const AUTH_WORDS: Record<string, string> = {
  'basic-auth': 'a user and password (k3s v1.18 and before)',
  token: 'a token',
  exec: 'an exec plugin',
  'auth-provider': 'an auth provider',
  'client-certificate-file': 'a client certificate file it points to (not embedded)',
  none: 'no credentials',
};

/** The first 8 bytes of a fingerprint: enough to tell certificates apart on screen. */
function short(fp: string): string {
  return `${fp.slice(0, 23)}…`;
}
