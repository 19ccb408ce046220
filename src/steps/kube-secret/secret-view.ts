/**
 * What kube_secret registers about a Secret, and what it must not: data entries are returned
 * only when they are certificates (PEM with CERTIFICATE blocks and nothing else, like `tls.crt`
 * and `ca.crt`); `tls.key` and every other entry are dropped and only their names are listed.
 * `kubectl.kubernetes.io/last-applied-configuration` is dropped too: it holds the whole Secret
 * as it was applied, data included.
 */
import { type CertificateFacts, type DescribeOptions, describeCertificate } from '../../x509/describe.js';
import { parseCertificates } from '../../x509/parse.js';

/** The registered view of one Secret. */
export interface SecretView {
  exists: true;
  type: string;
  /** Every data entry's name, sorted. */
  keys: string[];
  /** Certificate entries only, base64 as kubectl returns them. */
  data: Record<string, string>;
  /** Entries (and annotations) withheld because they may be secret, by name. */
  redacted: string[];
  annotations: Record<string, string>;
  labels: Record<string, string>;
  /** `tls.crt`'s first certificate, as x509_info describes it. */
  certificate?: CertificateFacts;
  /** Every certificate in `tls.crt` (leaf first). */
  certificates?: CertificateFacts[];
  /** Why `tls.crt` could not be read, when it could not. */
  certificate_error?: string;
  uid?: string;
  creation_timestamp?: string;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

interface SecretJson {
  kind?: unknown;
  type?: unknown;
  data?: unknown;
  metadata?: { annotations?: unknown; labels?: unknown; uid?: unknown; creationTimestamp?: unknown };
}

/** The view of `kubectl get secret -o json` output, or an error when it is not a Secret. */
export function secretView(stdout: string, options: DescribeOptions): SecretView | { error: string } {
  let secret: SecretJson;
  try {
    secret = JSON.parse(stdout) as SecretJson;
  } catch {
    return { error: 'kubectl did not print JSON' };
  }
  if (secret?.kind !== 'Secret') return { error: 'kubectl did not print a Secret' };
  const data = stringMap(secret.data);
  const view: SecretView = {
    exists: true,
    type: typeof secret.type === 'string' ? secret.type : 'Opaque',
    keys: Object.keys(data).sort(),
    data: {},
    redacted: [],
    annotations: {},
    labels: stringMap(secret.metadata?.labels),
  };
  for (const [name, value] of Object.entries(data)) {
    if (isCertificateOnly(value)) view.data[name] = value;
    else view.redacted.push(name);
  }
  for (const [name, value] of Object.entries(stringMap(secret.metadata?.annotations))) {
    if (name === LAST_APPLIED) view.redacted.push(`metadata.annotations.${name}`);
    else view.annotations[name] = value;
  }
  if (typeof secret.metadata?.uid === 'string') view.uid = secret.metadata.uid;
  if (typeof secret.metadata?.creationTimestamp === 'string') view.creation_timestamp = secret.metadata.creationTimestamp;
  const tlsCrt = data['tls.crt'];
  if (tlsCrt !== undefined) describeTlsCrt(view, Buffer.from(tlsCrt, 'base64'), options);
  return view;
}

function describeTlsCrt(view: SecretView, pem: Buffer, options: DescribeOptions): void {
  const parsed = parseCertificates(pem, { bundle: true });
  try {
    const certificates = parsed.certificates.map((c) => describeCertificate(c, options));
    if (certificates[0]) {
      view.certificate = certificates[0];
      view.certificates = certificates;
    }
  } catch (err) {
    parsed.errors.push(err instanceof Error ? err.message : String(err));
  }
  if (parsed.errors.length) view.certificate_error = parsed.errors.join('; ');
}

/** True for base64 of PEM text whose blocks are all certificates (no key, nothing else). */
function isCertificateOnly(base64: string): boolean {
  const text = Buffer.from(base64, 'base64').toString('latin1');
  const labels = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1]);
  return labels.length > 0 && labels.every((l) => l === 'CERTIFICATE') && !/PRIVATE/.test(text);
}

function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
