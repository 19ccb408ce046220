/**
 * Lays out a whole simulated cluster's data dirs in a chosen state (docs/simulator.md): one CA
 * set shared by every server (k3s keeps the authoritative copy in the datastore, §7), each
 * server's own leaves, each node's agent files, `cred/`, `k3s.yaml`, and one serving
 * certificate that is both the `k3s-serving` Secret and every server's `dynamic-cert.json`.
 * States are made by back-dating validity, never by touching a clock.
 */
import { join } from 'node:path';
import type { IssuedCertificate } from '../../x509/issue.js';
import type { KubeSecret } from '../kube-api/kube-store.js';
import { versionOf } from './agent-start.js';
import { agentLeafSpecs, type CaName, type LeafFileSpec, serverLeafSpecs } from './leaf-specs.js';
import { ensureAgentKubeconfigs, ensureServerCred, ensureServerKeyFiles, writeAdminKubeconfig } from './node-config-files.js';
import { agentDir, daysFrom, serverTlsDir, writePrivate } from './node-files.js';
import { createCas, issueLeaf, LEAF_DAYS, writeCas, writeLeaf } from './node-pki.js';
import { issueServingSecret, writeDynamicCert } from './serving-secret.js';
import type { CertState, SimNode } from './sim-node.js';

/** Writes every node's files in `state` and returns the `k3s-serving` Secret for the datastore. */
export async function writeClusterPki(nodes: readonly SimNode[], state: CertState, now: Date): Promise<KubeSecret> {
  const servers = nodes.filter((n) => n.role === 'server');
  const first = servers[0];
  if (!first) throw new Error('a cluster needs at least one server');
  const cas = await createCas(versionOf(first), ...caValidity(state, now));
  const serverCa = cas.get('server-ca')!;
  const sans = [...new Set(servers.flatMap((s) => s.tlsSans))];
  const secret = await issueServingSecret(versionOf(first), serverCa, sans, daysFrom(now, state.servingDaysLeft));
  const leafNotAfter = daysFrom(now, state.leafDaysLeft);
  await Promise.all(
    nodes.map(async (node) => {
      const v = versionOf(node);
      if (node.role === 'server') {
        const tls = serverTlsDir(node);
        writeCas(tls, cas, v);
        await writeLeaves(tls, serverLeafSpecs(node, v), cas, leafNotAfter);
        await ensureServerKeyFiles(node);
        ensureServerCred(node, v);
        writeAdminKubeconfig(node, v);
        writeDynamicCert(join(tls, 'dynamic-cert.json'), secret);
      }
      const dir = agentDir(node);
      for (const ca of ['client-ca', 'server-ca'] as const) writePrivate(join(dir, `${ca}.crt`), cas.get(ca)!.certificatePem, 0o644);
      await writeLeaves(dir, agentLeafSpecs(node), cas, leafNotAfter);
      ensureAgentKubeconfigs(node);
    }),
  );
  return secret;
}

/**
 * The CAs' validity: `caDaysLeft` when given, else issued long enough ago that every leaf of the
 * state (issued 365 days before its end) fits inside it, and at least 800 days ago.
 */
function caValidity(state: CertState, now: Date): [Date, Date] {
  if (state.caDaysLeft !== undefined) return [daysFrom(now, state.caDaysLeft - 3650), daysFrom(now, state.caDaysLeft)];
  const age = Math.max(800, LEAF_DAYS - Math.min(state.leafDaysLeft, state.servingDaysLeft) + 30);
  return [daysFrom(now, -age), daysFrom(now, 3650 - age)];
}

async function writeLeaves(
  dir: string,
  specs: readonly LeafFileSpec[],
  cas: ReadonlyMap<CaName, IssuedCertificate>,
  notAfter: Date,
): Promise<void> {
  const issued = await Promise.all(
    specs.map((spec) => {
      const ca = cas.get(spec.signer);
      return ca ? issueLeaf(spec, ca, notAfter) : undefined;
    }),
  );
  specs.forEach((spec, i) => {
    if (issued[i]) writeLeaf(dir, spec, issued[i]);
  });
}
