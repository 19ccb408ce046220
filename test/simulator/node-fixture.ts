/**
 * A small simulated cluster laid out on disk for the rules tests: SimNodes in a temp dir and an
 * in-memory `k3s-serving` store, no processes.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeSecret } from '../../src/simulator/kube-api/kube-store.js';
import { writeClusterPki } from '../../src/simulator/node/cluster-pki.js';
import type { CertState, ServingSecretStore, SimNode } from '../../src/simulator/node/sim-node.js';
import { tempDir } from '../harness/temp-dir.js';

/** Nodes of a cluster of `servers` servers and `agents` agents on `version`. */
export function simNodes(version: string, servers = 1, agents = 0): SimNode[] {
  const root = tempDir('cb-rules-');
  const addresses = Array.from({ length: servers + agents }, (_, i) => `127.0.9.${i + 2}`);
  const serverAddresses = addresses.slice(0, servers);
  return addresses.map((address, i) => {
    const name = i < servers ? `server-${i + 1}` : `agent-${i - servers + 1}`;
    const base = {
      name,
      version,
      address,
      port: 16443,
      dataDir: join(root, name, 'data'),
      kubeconfigPath: join(root, name, 'etc', 'k3s.yaml'),
      tlsSans: ['kubernetes', 'kubernetes.default', 'localhost', '127.0.0.1', ...serverAddresses],
    };
    return i < servers
      ? { ...base, role: 'server' as const }
      : {
          ...base,
          role: 'agent' as const,
          serverDataDir: join(root, 'server-1', 'data'),
          serverUrl: `https://${serverAddresses[0]}:16443`,
        };
  });
}

/** An in-memory datastore for the Secret. */
export class MemorySecretStore implements ServingSecretStore {
  constructor(public secret: KubeSecret | undefined) {}
  get(): KubeSecret | undefined {
    return this.secret && structuredClone(this.secret);
  }
  put(secret: KubeSecret): void {
    this.secret = structuredClone(secret);
  }
  delete(): void {
    this.secret = undefined;
  }
}

/** Lays the cluster out in `state` as of `now`; returns the nodes and the datastore. */
export async function cluster(
  version: string,
  state: CertState,
  now: Date,
  servers = 1,
  agents = 0,
): Promise<{ nodes: SimNode[]; store: MemorySecretStore }> {
  const nodes = simNodes(version, servers, agents);
  return { nodes, store: new MemorySecretStore(await writeClusterPki(nodes, state, now)) };
}

/** The first certificate of a file. */
export const certOf = (file: string): X509Certificate => new X509Certificate(readFileSync(file));

/** Whole days from `now` to the certificate's end (rounded). */
export const daysLeftOf = (cert: X509Certificate, now: Date): number =>
  Math.round((new Date(cert.validTo).getTime() - now.getTime()) / 86_400_000);

/** The served certificate of a Secret. */
export const secretCert = (s: KubeSecret | undefined): X509Certificate =>
  new X509Certificate(Buffer.from(s?.data['tls.crt'] ?? '', 'base64'));
