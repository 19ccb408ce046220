/**
 * `kubeconfig_fetch` at run time: look at the controller file first (a directory that is not
 * there fails before the host is read), read the kubeconfig on the host, refresh it, and write
 * it only when it differs. Its secrets are handed to the run (masked wherever they would show)
 * and never put in the result.
 */
import { RemoteFileError } from '../../connection/errors.js';
import { type CertificateSummary, summarizeCertificate } from '../kubeconfig/certificate-summary.js';
import { inspectControllerFile } from '../kubeconfig/controller-file.js';
import { type Kubeconfig, parseKubeconfig } from '../kubeconfig/kubeconfig-document.js';
import { refreshedKubeconfig } from '../kubeconfig/refreshed-kubeconfig.js';
import type { FetchArgs } from '../kubeconfig-fetch.js';
import type { StepContext, StepDiff, StepResult } from '../step-run.js';

const MODE = 0o600;

/** Runs the step for one host. */
export async function runKubeconfigFetch(a: FetchArgs, ctx: StepContext): Promise<StepResult> {
  const fail = (msg: string): StepResult => ({ changed: false, failed: true, msg, data: { dest: a.dest, written: false } });
  const target = await inspectControllerFile(a.dest);
  if (typeof target === 'string') return fail(target);
  let bytes: Buffer;
  try {
    bytes = await ctx.host.readFile(a.src, { maxBytes: a.max_size, ...(ctx.become ? { become: ctx.become } : {}) });
  } catch (error) {
    if (!(error instanceof RemoteFileError)) throw error;
    return fail(`cannot read ${a.src} on the host: ${error.code === 'TOO_LARGE' ? `${error.detail} (raise \`max_size\`)` : error.detail}`);
  }
  const source = parseKubeconfig(bytes.toString('utf8'));
  if (typeof source === 'string') return fail(`${a.src}: ${source}`);
  for (const secret of source.secrets) ctx.secret?.(secret);
  const refreshed = refreshedKubeconfig(source, {
    ...(a.name !== undefined ? { name: a.name } : {}),
    ...(a.server !== undefined ? { server: a.server } : {}),
  });
  if (typeof refreshed === 'string') return fail(`${a.src} ${refreshed}`);
  const now = ctx.now();
  const facts = identity(source, now);
  const previous = target.existing ? previousCertificate(target.existing.text, now, ctx) : null;
  const upToDate = target.existing?.text === refreshed.text && target.existing.mode === MODE;
  const data = {
    dest: a.dest,
    name: refreshed.name,
    server: refreshed.server,
    ...facts,
    previous_client_certificate: previous,
    written: false,
  };
  const diff = ctx.diff && !upToDate ? [summaryDiff(a.dest, previous, facts.client_certificate, target.existing !== undefined)] : undefined;
  if (upToDate) return { changed: false, msg: `${a.dest} is up to date`, data };
  if (ctx.check)
    return { changed: true, msg: `would write ${a.dest} (${why(target.existing, refreshed.text)})`, data, ...(diff ? { diff } : {}) };
  await ctx.controller.writeFile(a.dest, refreshed.text, { mode: MODE, atomic: true });
  return {
    changed: true,
    msg: `wrote ${a.dest} (${why(target.existing, refreshed.text)})`,
    data: { ...data, written: true },
    ...(diff ? { diff } : {}),
  };
}

/** What identifies the kubeconfig without showing a secret. */
function identity(
  k: Kubeconfig,
  now: Date,
): { auth: string; client_certificate: CertificateSummary | null; ca_fingerprint_sha256: string | null } {
  const user = k.users[0]!;
  const cert = user.certificatePem ? summarizeCertificate(user.certificatePem, now) : undefined;
  const ca = k.clusters[0]?.caPem ? summarizeCertificate(k.clusters[0].caPem, now) : undefined;
  return {
    auth: user.auth,
    client_certificate: cert && !('error' in cert) ? cert : null,
    ca_fingerprint_sha256: ca && !('error' in ca) ? ca.fingerprint_sha256 : null,
  };
}

/** The client certificate of the file about to be replaced (its secrets are masked too). */
function previousCertificate(text: string, now: Date, ctx: StepContext): CertificateSummary | null {
  const old = parseKubeconfig(text);
  if (typeof old === 'string') return null;
  for (const secret of old.secrets) ctx.secret?.(secret);
  const pem = old.users[0]?.certificatePem;
  const cert = pem ? summarizeCertificate(pem, now) : undefined;
  return cert && !('error' in cert) ? cert : null;
}

function why(existing: { text: string; mode: number } | undefined, text: string): string {
  if (!existing) return 'new';
  if (existing.text !== text) return 'its content changed';
  return `mode ${existing.mode.toString(8).padStart(4, '0')} → 0600`;
}

/** `--diff` shows who the file authenticates as, never its content. */
function summaryDiff(dest: string, before: CertificateSummary | null, after: CertificateSummary | null, existed: boolean): StepDiff {
  const line = (c: CertificateSummary | null): string =>
    c
      ? `client certificate: ${c.common_name ?? c.subject}, sha256 ${c.fingerprint_sha256}, until ${c.not_after}\n`
      : 'no client certificate\n';
  return { before: existed ? line(before) : '', after: line(after), beforeHeader: `${dest} (before)`, afterHeader: `${dest} (after)` };
}
