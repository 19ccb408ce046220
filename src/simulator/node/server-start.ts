/**
 * What a k3s server does at start (fact sheet §2, §3): make any missing CA (never renew one),
 * renew every leaf inside the window (or expired, missing, or signed by another CA), create
 * missing key files and cred files, rewrite `k3s.yaml`, run the embedded agent's rules, and
 * load the serving certificate by its version's rules. The result is what the runtime serves.
 */
import { join } from 'node:path';
import { kubeconfigUsesBasicAuth, serverCaNames } from '../k3s-file-layout.js';
import type { K3sVersion } from '../k3s-version.js';
import type { BasicAuthUser } from '../kube-api/kube-auth.js';
import type { KubeSecret } from '../kube-api/kube-store.js';
import { startAgent, versionOf } from './agent-start.js';
import { type CaName, serverLeafSpecs } from './leaf-specs.js';
import { adminPassword, ensureServerCred, ensureServerKeyFiles, writeAdminKubeconfig } from './node-config-files.js';
import { daysFrom, readIfExists, serverTlsDir } from './node-files.js';
import { keepLeaves } from './node-leaves.js';
import { createCas, loadCas, writeCas } from './node-pki.js';
import { ServingKeeper } from './serving-keeper.js';
import type { ServingSecretStore, SimNode } from './sim-node.js';

/** A started server: what it serves and how it reacts. */
export interface ServerRuntime {
  /** The certificate chain and key to serve on :6443 now. */
  serving(): { cert: string; key: string };
  /** `/cacerts`: the server CA PEM. */
  serverCaPem: string;
  /** The CA that signs client certificates. */
  clientCaPem: string;
  /** Basic-auth users (v1.18's `admin` from `cred/passwd`; empty later). */
  basicAuth: BasicAuthUser[];
  /** The Secret watch. */
  onSecretChanged(secret: KubeSecret | undefined, now: Date): Promise<void>;
  /** The periodic expiry check of the serving certificate. */
  tick(now: Date): Promise<void>;
  /** What the server logged, in order (k3s-style messages). */
  log: string[];
}

/** How a server comes up. */
export interface StartOptions {
  /**
   * Resume a server that has been running all along (the state a cluster is laid out in): load
   * what is on disk and in the Secret as it is, with none of the start-up renewals, so leaves
   * can sit inside the window as they do on a node that has not restarted for months.
   */
  resume?: boolean;
}

/** Runs the server start-up rules on `node`'s data dir and the shared Secret. */
export async function startServer(node: SimNode, store: ServingSecretStore, now: Date, options: StartOptions = {}): Promise<ServerRuntime> {
  const v = versionOf(node);
  const log = [`${options.resume ? 'Resuming' : 'Starting'} k3s ${node.version} on ${node.name}`];
  const tls = serverTlsDir(node);
  const cas = await ensureCas(tls, v, now, log);
  if (!options.resume) {
    log.push(...(await keepLeaves(tls, serverLeafSpecs(node, v), cas, v, now)));
    await ensureServerKeyFiles(node);
    ensureServerCred(node, v);
    writeAdminKubeconfig(node, v);
    log.push(`Wrote kubeconfig ${node.kubeconfigPath}`);
    log.push(...(await startAgent(node, now)).log.slice(1));
  }
  const keeper = new ServingKeeper(node, v, store, cas.get('server-ca')!, log);
  await (options.resume ? keeper.resume() : keeper.start(now));
  const password = adminPassword(node);
  return {
    serving: () => keeper.serving(),
    serverCaPem: readIfExists(join(tls, 'server-ca.crt')) ?? '',
    clientCaPem: readIfExists(join(tls, 'client-ca.crt')) ?? '',
    basicAuth: kubeconfigUsesBasicAuth(v) && password !== undefined ? [{ username: 'admin', password }] : [],
    onSecretChanged: (secret, at) => keeper.onSecretChanged(secret, at),
    tick: (at) => keeper.tick(at),
    log,
  };
}

/** Loads the CAs; creates (10 years) only the ones that are missing, as `createSigningCertKey` does. */
async function ensureCas(tls: string, v: K3sVersion, now: Date, log: string[]) {
  const cas = await loadCas(tls, v);
  const missing = (serverCaNames(v) as CaName[]).filter((n) => !cas.has(n));
  if (missing.length === 0) return cas;
  const made = await createCas(v, now, daysFrom(now, 3650));
  for (const [name, ca] of made) {
    if (cas.has(name)) continue;
    writeCas(tls, new Map([[name, ca]]), v);
    cas.set(name, ca);
    log.push(`Certificate ${name}.crt was missing: generated a new CA`);
  }
  return cas;
}
