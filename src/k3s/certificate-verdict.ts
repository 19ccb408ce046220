/**
 * Judging a node's serving certificate from what `tasks/read-certificates.yaml` read: the
 * certificate served on the supervisor port (tls_probe) and the one in dynamic-cert.json
 * (x509_info). Plain data in, one sentence out.
 */

/** One judged certificate, as x509_info and tls_probe register it (the fields used here). */
export interface JudgedCertificate {
  /** `VALID`, `EXPIRING`, `EXPIRED` or `NOT YET VALID`. */
  status: string;
  /** Days until NotAfter, as text (the template's number, printed as Python prints it). */
  days_left: string;
  /** Valid through the whole warning window (`valid_at.window`). */
  in_window_valid: boolean;
}

/** What was read of the serving certificate on a server. */
export interface ServingEvidence {
  /** `host:port` where the certificate was probed. */
  address: string;
  /** The served certificate; absent when nothing answered TLS. */
  served?: JudgedCertificate;
  /** Why nothing answered, when nothing did (the probe's message). */
  probe_msg: string;
  /** The dynamic-cert.json certificate; absent when the file was not read. */
  dynamic?: JudgedCertificate;
}

/** Expired, not yet valid, or not valid through the window. */
export function needsAttention(c: JudgedCertificate): boolean {
  return c.status === 'EXPIRED' || c.status === 'NOT YET VALID' || !c.in_window_valid;
}

/**
 * Why a server's serving certificate needs attention, or '' when it does not. What is served
 * counts first (that is what clients see): nothing served, then the served certificate, then
 * dynamic-cert.json (which the next restart serves).
 */
export function servingProblem(e: ServingEvidence): string {
  if (e.served === undefined) return `nothing answers TLS on ${e.address} (${e.probe_msg})`;
  if (needsAttention(e.served)) return `the served certificate is ${e.served.status} (${e.served.days_left} days left)`;
  if (e.dynamic === undefined) return '';
  if (needsAttention(e.dynamic)) return `the dynamic-cert.json certificate is ${e.dynamic.status} (${e.dynamic.days_left} days left)`;
  return '';
}

/** What was read of a cluster's serving Secret (`kube-system/k3s-serving`, RKE2's `rke2-serving`). */
export interface SecretEvidence {
  /** The Secret's name. */
  name: string;
  /** Whether it exists; undefined when it could not be read (kubectl refused, the API is down). */
  exists?: boolean;
  /** Why it could not be read. */
  read_msg: string;
  /** The certificate it holds, when one was read from it. */
  certificate?: JudgedCertificate;
}

/** Why the cluster's serving Secret needs attention, or '' when it does not. */
export function secretProblem(e: SecretEvidence): string {
  if (e.exists === undefined) return `the ${e.name} Secret could not be read: ${e.read_msg}`;
  if (!e.exists) return `the ${e.name} Secret does not exist`;
  if (e.certificate === undefined || !needsAttention(e.certificate)) return '';
  return `the ${e.name} Secret holds a certificate that is ${e.certificate.status} (${e.certificate.days_left} days left)`;
}

/** A certificate as read, with what the leaf verdict needs of it; `value` is carried through untouched. */
export interface ReadCertificate<T> {
  value: T;
  is_ca: boolean;
  status: string;
  in_window_valid: boolean;
}

/**
 * The leaf certificates a restart must renew: the files' leaves not valid through the window,
 * then those not yet valid (a leaf that is both is listed twice, as the playbooks always listed
 * it), then the certificate RKE2's kube-apiserver serves on its own port when it needs attention.
 */
export function leavesDue<T>(files: ReadonlyArray<ReadCertificate<T>>, servedApi?: ReadCertificate<T>): T[] {
  const leaves = files.filter((c) => !c.is_ca);
  const due = [...leaves.filter((c) => !c.in_window_valid), ...leaves.filter((c) => c.status === 'NOT YET VALID')];
  if (servedApi && needsAttention({ ...servedApi, days_left: '' })) due.push(servedApi);
  return due.map((c) => c.value);
}

/** "N leaf certificate(s) inside the W-day window, the soonest PATH (D days left)", or '' for none. */
export function leavesSummary(due: ReadonlyArray<{ path: string; not_after: string; days_left: string }>, warnDays: string): string {
  if (due.length === 0) return '';
  const soonest = due.reduce((a, b) => (b.not_after < a.not_after ? b : a));
  return `${due.length} leaf certificate(s) inside the ${warnDays}-day window, the soonest ${soonest.path} (${soonest.days_left} days left)`;
}
