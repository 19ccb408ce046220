/**
 * Lays out a simulated cluster on disk (no processes): the SimNodes, `cluster.json`, each
 * node's `node.json`, `run/` and commands, the PKI (through the rules) and the datastore with
 * the `k3s-serving` Secret.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { distributionOf } from '../distribution.js';
import { parseK3sVersion } from '../k3s-version.js';
import type { CertState, SimNode } from '../node/sim-node.js';
import { writeClusterFile } from './cluster-file.js';
import { clusterPaths, nodePaths } from './cluster-paths.js';
import { Datastore } from './datastore.js';
import { writeClusterPki } from './rules.js';
import { systemKubectl, writeNodeShims, writeShimLibrary } from './shims.js';

/** What the cluster is made of. */
export interface ClusterSpec {
  root: string;
  servers: number;
  agents: number;
  /** Version of each node by name, else `version`. */
  version: string;
  versions?: Readonly<Record<string, string>>;
  /** The supervisor port (k3s: also the API). */
  port: number;
  /** RKE2: the kube-apiserver's port (default 6443); ignored for k3s. */
  apiPort?: number;
  /** One per node: servers first, then agents. */
  addresses: readonly string[];
  state: CertState;
}

/** The SANs every k3s server certificate covers, before the servers' own addresses. */
const BASE_SANS = [
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
  'localhost',
  '127.0.0.1',
  '10.43.0.1',
];

/** The nodes of `spec`: `server-1…`, then `agent-1…`. */
export function clusterNodes(spec: ClusterSpec): SimNode[] {
  const names = [
    ...Array.from({ length: spec.servers }, (_, i) => ({ name: `server-${i + 1}`, role: 'server' as const })),
    ...Array.from({ length: spec.agents }, (_, i) => ({ name: `agent-${i + 1}`, role: 'agent' as const })),
  ];
  const serverAddresses = spec.addresses.slice(0, spec.servers);
  const tlsSans = [...BASE_SANS, ...serverAddresses];
  const first = nodePaths(spec.root, 'server-1');
  const distribution = clusterDistribution(spec);
  return names.map(({ name, role }, i) => {
    const paths = nodePaths(spec.root, name);
    const node: SimNode = {
      name,
      role,
      version: spec.versions?.[name] ?? spec.version,
      address: spec.addresses[i]!,
      port: spec.port,
      ...(distribution.apiPort !== undefined ? { apiPort: spec.apiPort ?? distribution.apiPort } : {}),
      dataDir: paths.dataDir,
      kubeconfigPath: join(paths.dir, 'etc', distribution.kubeconfigName),
      tlsSans,
    };
    if (role === 'agent') {
      node.serverDataDir = first.dataDir;
      node.serverUrl = `https://${serverAddresses[0]}:${spec.port}`;
    }
    return node;
  });
}

/** The cluster's distribution (k3s or RKE2): every node must run the same one. */
export function clusterDistribution(spec: Pick<ClusterSpec, 'version' | 'versions'>) {
  const all = [spec.version, ...Object.values(spec.versions ?? {})].map((text) => {
    const v = parseK3sVersion(text);
    if (!v) throw new RangeError(`not a k3s or RKE2 version: ${text}`);
    return distributionOf(v);
  });
  if (new Set(all.map((d) => d.program)).size > 1) throw new RangeError('a cluster runs one distribution: k3s or RKE2, not both');
  return all[0]!;
}

/** Writes the whole cluster under `spec.root`; returns its nodes. */
export async function setUpCluster(spec: ClusterSpec, now: Date): Promise<SimNode[]> {
  if (spec.servers < 1) throw new RangeError('a cluster needs at least one server');
  if (spec.addresses.length !== spec.servers + spec.agents)
    throw new RangeError(`${spec.servers + spec.agents} nodes need as many addresses, got ${spec.addresses.length}`);
  const nodes = clusterNodes(spec);
  mkdirSync(spec.root, { recursive: true });
  // The SSH user must reach the commands in bin/ (sudo then runs them as root).
  chmodSync(spec.root, 0o755);
  writeClusterFile(spec.root, { port: spec.port, createdAt: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), nodes });
  writeShimLibrary(spec.root);
  const kubectl = systemKubectl();
  for (const node of nodes) {
    const paths = nodePaths(spec.root, node.name);
    mkdirSync(paths.run, { recursive: true });
    mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
    mkdirSync(paths.kubeHome, { recursive: true, mode: 0o1777 });
    chmodSync(paths.kubeHome, 0o1777); // each user's kubectl cache goes in its own subdirectory
    writeFileSync(paths.nodeJson, `${JSON.stringify(node, null, 2)}\n`);
    writeFileSync(paths.enabledFile, ''); // install.sh enables the unit
    // The state laid out is that of a node that has been up for months: its first start must not renew anything.
    writeFileSync(paths.resumeFile, '');
    writeNodeShims(spec.root, node, kubectl);
  }
  const secret = await writeClusterPki(nodes, spec.state, now);
  const datastore = new Datastore(clusterPaths(spec.root).datastore);
  datastore.init();
  datastore.putSecret(secret, now);
  return nodes;
}
