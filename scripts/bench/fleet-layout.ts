/**
 * The benchmark's fleet: a simulated k3s cluster (src/simulator) of a few servers and many
 * agents, every node with its own data dir and its own certificates (issued per node, CAs
 * shared, as in a real cluster), servers serving their certificate on their own loopback
 * address. The node files are handed to the SSH login user, so check-expiry runs without
 * become (its documented `ansible_become: false` setup): every tool reads the same files as the
 * same user, and sudo's cost per command is left out of all three alike.
 */
import { spawnSync } from 'node:child_process';
import { type SimulatedCluster, startSimulatedCluster } from '../../src/simulator/runtime/simulated-cluster.js';

/** One node of the benchmark fleet. */
export interface BenchNode {
  name: string;
  role: 'server' | 'agent';
  /** The node's k3s data dir (its `k3s_data_dir`). */
  dataDir: string;
  /** Servers: where the API answers (`k3s_api_address`, `k3s_https_port`) and the admin kubeconfig. */
  address: string;
  port: number;
  kubeconfig: string;
}

/** A fleet: where it lives, its nodes, and the PATH directory holding its `k3s` command. */
export interface BenchFleet {
  root: string;
  nodes: BenchNode[];
  /** First on the SSH session's PATH: `k3s --version` and `k3s kubectl` (every node runs one version). */
  binDir: string;
  stop(): Promise<void>;
}

/** The k3s release the fleet runs (the seed's). */
export const BENCH_K3S_VERSION = 'v1.18.6+k3s1';

/**
 * Builds and starts a cluster of `count` nodes, the first `servers` of them servers, in
 * `root`, owned by `owner` (the SSH login user).
 */
export async function buildFleet(root: string, count: number, servers: number, owner: string): Promise<BenchFleet> {
  const cluster: SimulatedCluster = await startSimulatedCluster({
    root,
    servers,
    agents: count - servers,
    version: BENCH_K3S_VERSION,
    state: { leafDaysLeft: 300, servingDaysLeft: 300 },
    nodesPerProcess: 250,
    keep: true,
    readyTimeoutMs: 600_000,
  });
  const chown = spawnSync('chown', ['-R', owner, root], { encoding: 'utf8' });
  if (chown.status !== 0) {
    await cluster.stop();
    throw new Error(`chown -R ${owner} ${root} failed: ${chown.stderr}`);
  }
  const nodes = cluster.nodes.map((n) => ({
    name: n.name,
    role: n.role,
    dataDir: n.dataDir,
    address: n.address,
    port: n.port,
    kubeconfig: n.kubeconfigPath,
  }));
  return { root, nodes, binDir: cluster.binDir(cluster.servers[0]!), stop: () => cluster.stop() };
}
