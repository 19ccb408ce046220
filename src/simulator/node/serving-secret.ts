/**
 * The dynamiclistener serving certificate as k3s stores it (fact sheet §3): a
 * `kubernetes.io/tls` Secret `kube-system/k3s-serving` (RKE2: `rke2-serving`, CN/O `rke2`) whose annotations list the SANs
 * (`listener.cattle.io/cn-<san>`) and identify the certificate (`listener.cattle.io/hash` in
 * dynamiclistener v0.2.0, i.e. k3s ≤ v1.18; `listener.cattle.io/fingerprint=SHA1=<HEX>` from
 * v0.2.1), and the same Secret JSON-serialised in `server/tls/dynamic-cert.json`.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { type IssuedCertificate, issueCertificate, loadIssuer } from '../../x509/issue.js';
import { distributionOf } from '../distribution.js';
import { type K3sVersion, k3sFamily, programOf } from '../k3s-version.js';
import type { KubeSecret } from '../kube-api/kube-store.js';
import { splitSans } from './leaf-specs.js';
import { daysFrom, readIfExists, writePrivate } from './node-files.js';
import { LEAF_DAYS } from './node-pki.js';

const CN_PREFIX = 'listener.cattle.io/cn-';

/** The Secret's name and namespace (k3s's; see {@link servingSecretOf}). */
export const SERVING_SECRET = { namespace: 'kube-system', name: 'k3s-serving' } as const;

/** The Secret's namespace and name for this release: `k3s-serving`, or `rke2-serving` (version.Program+"-serving"). */
export function servingSecretOf(v: K3sVersion): { namespace: 'kube-system'; name: string } {
  return { namespace: 'kube-system', name: distributionOf(v).servingSecret };
}

/** What a server serves: `tls.crt` (PEM, leaf first) and `tls.key`. */
export interface ServingPair {
  cert: string;
  key: string;
}

/** `tls.crt` and `tls.key` of a Secret, decoded. */
export function servingPair(secret: KubeSecret): ServingPair {
  const decode = (k: string): string => Buffer.from(secret.data[k] ?? '', 'base64').toString('utf8');
  return { cert: decode('tls.crt'), key: decode('tls.key') };
}

/** The Secret's certificate, or undefined when it has none that parses. */
export function secretCertificate(secret: KubeSecret): X509Certificate | undefined {
  try {
    return new X509Certificate(servingPair(secret).cert);
  } catch {
    return undefined;
  }
}

/** The SANs the Secret's annotations list (DL `cns`). */
export function secretSans(secret: KubeSecret): string[] {
  return Object.entries(secret.annotations ?? {})
    .filter(([k]) => k.startsWith(CN_PREFIX))
    .map(([, v]) => v);
}

/** True when the Secret lacks one of `sans` (DL `NeedsUpdate`: a new name means a new certificate). */
export function lacksSans(secret: KubeSecret, sans: readonly string[]): boolean {
  if (secret.annotations?.['listener.cattle.io/static'] === 'true') return false;
  const have = new Set(secretSans(secret));
  return sans.some((s) => !have.has(s));
}

/** True when both Secrets hold the same certificate and key. */
export function sameServing(a: KubeSecret | undefined, b: KubeSecret | undefined): boolean {
  if (!a || !b) return a === b;
  return a.data['tls.crt'] === b.data['tls.crt'] && a.data['tls.key'] === b.data['tls.key'];
}

/**
 * Issues a serving certificate (CN/O `k3s`, server CA, 365 days from `now`) for `sans`, with
 * `keyPem`'s key when given (renewal and a new SAN keep the key), else a new one.
 */
export async function issueServingSecret(
  v: K3sVersion,
  serverCa: IssuedCertificate,
  sans: readonly string[],
  notAfter: Date,
  keyPem?: string,
  certPem?: string,
): Promise<KubeSecret> {
  const keys = keyPem !== undefined && certPem !== undefined ? (await loadIssuer(certPem, keyPem)).keys : undefined;
  const leaf = await issueCertificate({
    subject: `CN=${programOf(v)}, O=${programOf(v)}`,
    issuer: serverCa,
    notBefore: new Date(serverCa.certificate.notBefore),
    notAfter,
    usage: 'server',
    ...splitSans(sans),
    ...(keys ? { keys } : {}),
  });
  const old = k3sFamily(v) === 'v1.18';
  const annotations: Record<string, string> = {};
  for (const san of [...sans].sort()) annotations[CN_PREFIX + san] = san;
  if (old)
    annotations['listener.cattle.io/hash'] = createHash('sha256')
      .update([...sans].sort().join(''))
      .digest('hex');
  else
    annotations['listener.cattle.io/fingerprint'] =
      `SHA1=${createHash('sha1').update(Buffer.from(leaf.certificate.rawData)).digest('hex').toUpperCase()}`;
  // v0.2.0's Marshal wrote the leaf alone; later releases write the chain (DL main MarshalChain).
  const crt = old ? leaf.certificatePem : leaf.chainPem;
  return {
    ...servingSecretOf(v),
    type: 'kubernetes.io/tls',
    annotations,
    data: { 'tls.crt': Buffer.from(crt).toString('base64'), 'tls.key': Buffer.from(leaf.keyPem).toString('base64') },
  };
}

/** Re-issues the Secret's certificate for 365 more days with the same key and SANs (plus `extraSans`). */
export async function renewServingSecret(
  v: K3sVersion,
  serverCa: IssuedCertificate,
  secret: KubeSecret,
  now: Date,
  extraSans: readonly string[] = [],
): Promise<KubeSecret> {
  const pair = servingPair(secret);
  const sans = [...new Set([...secretSans(secret), ...extraSans])];
  const renewed = await issueServingSecret(v, serverCa, sans, daysFrom(now, LEAF_DAYS), pair.key, pair.cert);
  return { ...secret, annotations: { ...secret.annotations, ...renewed.annotations }, data: renewed.data };
}

/** Reads `dynamic-cert.json` (named `secret`, k3s-serving by default); undefined when missing or not a Secret. */
export function readDynamicCert(file: string, secret: { namespace: string; name: string } = SERVING_SECRET): KubeSecret | undefined {
  const text = readIfExists(file);
  if (text === undefined) return undefined;
  try {
    const json = JSON.parse(text) as { metadata?: { annotations?: Record<string, string> }; data?: Record<string, string> };
    if (!json.data?.['tls.crt']) return undefined;
    return {
      namespace: secret.namespace,
      name: secret.name,
      type: 'kubernetes.io/tls',
      data: json.data,
      annotations: json.metadata?.annotations ?? {},
    };
  } catch {
    return undefined;
  }
}

/** Writes the Secret as Go's `json.Encoder` writes a `v1.Secret` (DL storage/file `Update`). */
export function writeDynamicCert(file: string, secret: KubeSecret): void {
  const metadata = {
    name: secret.name,
    namespace: secret.namespace,
    ...(secret.uid ? { uid: secret.uid } : {}),
    ...(secret.resourceVersion ? { resourceVersion: secret.resourceVersion } : {}),
    creationTimestamp: secret.creationTimestamp ?? null,
    annotations: secret.annotations ?? {},
  };
  writePrivate(file, `${JSON.stringify({ metadata, data: secret.data, type: secret.type })}\n`);
}
