/**
 * What an agent (and a server's embedded agent) does to its files at start (fact sheet §6):
 * fetch the CA certificates afresh, get brand-new kubelet client and serving certificates
 * whatever their expiry, and renew the kube-proxy / k3s-controller certificates when they are
 * inside the window. The simulator signs with the server's CA files directly, standing in for
 * the supervisor endpoints an agent calls with its join token.
 */
import { join } from 'node:path';
import { type K3sVersion, parseK3sVersion } from '../k3s-version.js';
import { ALWAYS_REISSUED_AGENT_LEAVES, agentLeafSpecs } from './leaf-specs.js';
import { ensureAgentKubeconfigs } from './node-config-files.js';
import { agentDir, readIfExists, serverTlsDir, writePrivate } from './node-files.js';
import { keepLeaves } from './node-leaves.js';
import { loadCas } from './node-pki.js';
import type { SimNode } from './sim-node.js';

/** What a started agent logged. */
export interface AgentRuntime {
  log: string[];
}

/** The agent start-up rules for `node`; for a server, its embedded agent. With `resume`, an agent that never stopped: nothing changes. */
export async function startAgent(node: SimNode, now: Date, options: { resume?: boolean } = {}): Promise<AgentRuntime> {
  if (options.resume) return { log: [`Resuming k3s agent ${node.version} on ${node.name}`] };
  const v = versionOf(node);
  const serverDataDir = node.role === 'server' ? node.dataDir : node.serverDataDir;
  if (serverDataDir === undefined) throw new Error(`agent ${node.name} has no serverDataDir`);
  const serverTls = serverTlsDir({ dataDir: serverDataDir });
  const cas = await loadCas(serverTls, v);
  const dir = agentDir(node);
  for (const ca of ['client-ca', 'server-ca']) {
    const pem = readIfExists(join(serverTls, `${ca}.crt`));
    if (pem !== undefined) writePrivate(join(dir, `${ca}.crt`), pem, 0o644);
  }
  const log = (await keepLeaves(dir, agentLeafSpecs(node), cas, v, now, ALWAYS_REISSUED_AGENT_LEAVES)).map((l) =>
    l.replace('Certificate ', 'Certificate agent/'),
  );
  ensureAgentKubeconfigs(node);
  log.unshift(`Starting k3s agent ${node.version} on ${node.name}`);
  return { log };
}

/** The node's parsed version; a bad version is a simulator bug, so it throws. */
export function versionOf(node: SimNode): K3sVersion {
  const v = parseK3sVersion(node.version);
  if (!v) throw new Error(`not a k3s version: ${node.version}`);
  return v;
}
