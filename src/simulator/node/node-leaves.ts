/**
 * Keeping a node's leaves as k3s does at start (fact sheet §2, §6): a leaf is (re)issued when it
 * is missing, unreadable, not signed by the current CA, or has at most the version's renewal
 * window left (expired included); kubelet certificates are reissued on every agent start.
 * CAs are never touched here.
 */
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import type { IssuedCertificate } from '../../x509/issue.js';
import { type K3sVersion, leafNeedsRenewal, renewWindowDays } from '../k3s-version.js';
import type { CaName, LeafFileSpec } from './leaf-specs.js';
import { daysFrom, daysLeft, readCertificate, readIfExists } from './node-files.js';
import { issueLeaf, LEAF_DAYS, writeLeaf } from './node-pki.js';

/** Why a leaf must be (re)issued, or undefined when it may stay. */
export function renewalReason(file: string, ca: IssuedCertificate, v: K3sVersion, now: Date): string | undefined {
  if (readIfExists(file.replace(/\.crt$/, '.key')) === undefined) return 'missing key';
  const cert = readCertificate(file);
  if (!cert) return 'missing';
  if (!signedBy(cert, ca)) return 'not signed by the current CA';
  const left = daysLeft(cert, now);
  if (!leafNeedsRenewal(v, left)) return undefined;
  return left <= 0 ? 'expired' : `expires within ${renewWindowDays(v)} days`;
}

function signedBy(cert: X509Certificate, ca: IssuedCertificate): boolean {
  try {
    return cert.verify(new X509Certificate(ca.certificatePem).publicKey);
  } catch {
    return false;
  }
}

/** Renews, under `dir`, every leaf of `specs` that needs it (or all of `always`); returns log lines. */
export async function keepLeaves(
  dir: string,
  specs: readonly LeafFileSpec[],
  cas: ReadonlyMap<CaName, IssuedCertificate>,
  v: K3sVersion,
  now: Date,
  always: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const work = specs
    .map((spec) => {
      const ca = cas.get(spec.signer);
      if (!ca) return undefined;
      const reason = always.has(spec.file) ? 'issued at every start' : renewalReason(join(dir, `${spec.file}.crt`), ca, v, now);
      return reason === undefined ? undefined : { spec, ca, reason };
    })
    .filter((w) => w !== undefined);
  const issued = await Promise.all(work.map((w) => issueLeaf(w.spec, w.ca, daysFrom(now, LEAF_DAYS))));
  return work.map((w, i) => {
    writeLeaf(dir, w.spec, issued[i]!);
    return `Certificate ${w.spec.file}.crt (${w.reason}): regenerated`;
  });
}
