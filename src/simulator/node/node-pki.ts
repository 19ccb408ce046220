/**
 * The cluster CAs and the leaves they sign, as k3s makes them (fact sheet §1): CAs are
 * self-signed `<prefix>-ca@<unix>` certificates; leaves are ECDSA P-256, valid 365 days, and
 * written as leaf + CA in the `.crt`. A leaf's NotBefore is its CA's NotBefore, as
 * dynamiclistener's `NewSignedCert` did until v0.7.3 (Oct 2025), which every modelled release predates.
 */
import { join } from 'node:path';
import { type IssuedCertificate, issueCertificate, loadIssuer } from '../../x509/issue.js';
import { serverCaNames } from '../k3s-file-layout.js';
import { type K3sVersion, programOf } from '../k3s-version.js';
import type { CaName, LeafFileSpec } from './leaf-specs.js';
import { readIfExists, writePrivate } from './node-files.js';

/** The cluster's CAs by name. */
export type CaSet = ReadonlyMap<CaName, IssuedCertificate>;

/** A CA's CN prefix: `<program>-client-ca` (RKE2: `rke2-client-ca@…`, docs.rke2.io certificates), etcd's without. */
function caPrefix(name: CaName, v: K3sVersion): string {
  return name.startsWith('etcd/') ? name.replace('etcd/', 'etcd-') : `${programOf(v)}-${name}`;
}

/** A leaf's lifetime (§1: DL `NewSignedCert`). */
export const LEAF_DAYS = 365;

/** Issues the CAs this version has, all with the same validity (k3s makes them together at first start). */
export async function createCas(v: K3sVersion, notBefore: Date, notAfter: Date): Promise<CaSet> {
  const unix = Math.floor(notBefore.getTime() / 1000);
  const names = serverCaNames(v) as CaName[];
  const issued = await Promise.all(
    names.map((name) => issueCertificate({ subject: `CN=${caPrefix(name, v)}@${unix}`, ca: true, notBefore, notAfter })),
  );
  return new Map(names.map((name, i) => [name, issued[i]!]));
}

/** Writes each CA's `.crt` and `.key` under `tlsDir` (and the `.nochain.crt` copies newer releases keep). */
export function writeCas(tlsDir: string, cas: CaSet, v: K3sVersion): void {
  for (const [name, ca] of cas) {
    writePrivate(join(tlsDir, `${name}.crt`), ca.certificatePem, 0o644);
    writePrivate(join(tlsDir, `${name}.key`), ca.keyPem);
    if (v.minor >= 28 && (name === 'client-ca' || name === 'server-ca'))
      writePrivate(join(tlsDir, `${name}.nochain.crt`), ca.certificatePem, 0o644);
  }
}

/** Loads the CAs a server keeps under `tlsDir`; a missing CA is absent from the map. */
export async function loadCas(tlsDir: string, v: K3sVersion): Promise<Map<CaName, IssuedCertificate>> {
  const cas = new Map<CaName, IssuedCertificate>();
  for (const name of serverCaNames(v) as CaName[]) {
    const cert = readIfExists(join(tlsDir, `${name}.crt`));
    const key = readIfExists(join(tlsDir, `${name}.key`));
    if (cert !== undefined && key !== undefined) cas.set(name, await loadIssuer(cert, key));
  }
  return cas;
}

/** Issues `spec` with its CA, from the CA's NotBefore to `notAfter`. */
export async function issueLeaf(spec: LeafFileSpec, ca: IssuedCertificate, notAfter: Date): Promise<IssuedCertificate> {
  return issueCertificate({
    subject: spec.org !== undefined ? `CN=${spec.cn}, O=${spec.org}` : `CN=${spec.cn}`,
    issuer: ca,
    notBefore: new Date(ca.certificate.notBefore),
    notAfter,
    usage: spec.usage,
    ...(spec.dnsNames ? { dnsNames: spec.dnsNames } : {}),
    ...(spec.ipAddresses ? { ipAddresses: spec.ipAddresses } : {}),
  });
}

/** Writes a leaf as k3s does: `<file>.crt` = leaf + CA (0644), `<file>.key` (0600). */
export function writeLeaf(dir: string, spec: LeafFileSpec, leaf: IssuedCertificate): void {
  writePrivate(join(dir, `${spec.file}.crt`), leaf.chainPem, 0o644);
  writePrivate(join(dir, `${spec.file}.key`), leaf.keyPem);
}
