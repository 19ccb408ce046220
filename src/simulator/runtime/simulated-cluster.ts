/**
 * `startSimulatedCluster()`: a simulated k3s cluster on loopback for tests, the demo and the
 * benchmark. Lays the cluster out on disk (`cluster-setup.ts`), starts the node processes
 * (one per node, or several nodes per process for big fleets) and waits until every node is
 * ready, as `systemctl start` would. `stop()` kills every node process, including ones the
 * operator commands restarted, and removes the directory.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../package-root.js';
import type { KubeSecret } from '../kube-api/kube-store.js';
import type { CertState, SimNode } from '../node/sim-node.js';
import { canBind, randomLoopbackAddresses } from './cluster-addresses.js';
import { clusterPaths, type NodePaths, nodePaths } from './cluster-paths.js';
import { clusterDistribution, setUpCluster } from './cluster-setup.js';
import { Datastore } from './datastore.js';
import { runningPid } from './node-liveness.js';
import { SERVING_SECRET } from './serving-secret-store.js';
import { simulatorCommand } from './simulator-entries.js';

/** How to build the cluster. */
export interface SimulatedClusterOptions {
  servers: number;
  agents?: number;
  /** Every node's k3s or RKE2 release (default `v1.18.6+k3s1`; `v1.28.9+rke2r1` makes an RKE2 cluster)… */
  version?: string;
  /** …unless given here by node name (`server-1`, `agent-2`, …). */
  versions?: Readonly<Record<string, string>>;
  state: CertState;
  /** The supervisor port of every server (default k3s 6443, RKE2 9345: each server has its own address). */
  port?: number;
  /** RKE2: the kube-apiserver port of every server (default 6443). */
  apiPort?: number;
  /** One address per node, servers first; default: a random free block of 127/8. */
  addresses?: readonly string[];
  /** The cluster directory; default a new directory under the system temp dir. */
  root?: string;
  /** Start the node processes (default true); false only lays out the files. */
  start?: boolean;
  /** Nodes per OS process (default 1). A benchmark hosts hundreds of nodes in a few processes. */
  nodesPerProcess?: number;
  /** Keep the directory on stop (default false). */
  keep?: boolean;
  /** Longest wait for the nodes to be ready (default 120 s). */
  readyTimeoutMs?: number;
}

/** A running (or laid-out) cluster. */
export interface SimulatedCluster {
  root: string;
  nodes: SimNode[];
  servers: SimNode[];
  agents: SimNode[];
  /** The node's command directory: put it first on PATH to operate the node. */
  binDir(node: SimNode | string): string;
  /** Every file of a node (pid, log, fault flags, …). */
  paths(node: SimNode | string): NodePaths;
  /** The shared `kube-system/k3s-serving` (RKE2: `rke2-serving`) Secret as the datastore holds it now. */
  servingSecret(): KubeSecret | undefined;
  /** Starts every node not running (what `start: false` left out); resolves when all are ready. */
  startAll(): Promise<void>;
  /** Kills every node process and removes the directory (unless kept). Safe to call twice. */
  stop(): Promise<void>;
}

const running = new Set<SimulatedCluster>();

/** Builds and starts a simulated cluster. */
export async function startSimulatedCluster(options: SimulatedClusterOptions): Promise<SimulatedCluster> {
  const agents = options.agents ?? 0;
  const version = options.version ?? 'v1.18.6+k3s1';
  const distribution = clusterDistribution({ version, ...(options.versions ? { versions: options.versions } : {}) });
  const port = options.port ?? distribution.supervisorPort;
  const addresses = options.addresses ?? (await freeAddresses(options.servers + agents, port));
  const root = options.root ?? mkdtempSync(join(tmpdir(), `certbook-${distribution.program}-`));
  const nodes = await setUpCluster(
    {
      root,
      servers: options.servers,
      agents,
      version,
      ...(options.versions ? { versions: options.versions } : {}),
      port,
      ...(options.apiPort !== undefined ? { apiPort: options.apiPort } : {}),
      addresses,
      state: options.state,
    },
    new Date(),
  );
  const cluster = makeCluster(root, nodes, options, distribution.servingSecret);
  running.add(cluster);
  installExitHook();
  if (options.start ?? true) {
    try {
      await cluster.startAll();
    } catch (err) {
      await cluster.stop();
      throw err;
    }
  }
  return cluster;
}

function makeCluster(root: string, nodes: SimNode[], options: SimulatedClusterOptions, secretName: string): SimulatedCluster {
  const datastore = new Datastore(clusterPaths(root).datastore);
  const paths = (n: SimNode | string): NodePaths => nodePaths(root, typeof n === 'string' ? n : n.name);
  let stopped = false;
  const cluster: SimulatedCluster = {
    root,
    nodes,
    servers: nodes.filter((n) => n.role === 'server'),
    agents: nodes.filter((n) => n.role === 'agent'),
    binDir: (n) => paths(n).bin,
    paths,
    servingSecret: () => datastore.getSecret(SERVING_SECRET.namespace, secretName),
    startAll: async () => {
      const idle = nodes.filter((n) => runningPid(paths(n)) === undefined);
      const per = Math.max(1, options.nodesPerProcess ?? 1);
      for (let i = 0; i < idle.length; i += per)
        spawnNodes(
          root,
          idle.slice(i, i + per).map((n) => n.name),
        );
      await waitReady(idle.map(paths), options.readyTimeoutMs ?? 120_000);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      running.delete(cluster);
      await killNodes(nodes.map(paths));
      if (!options.keep) rmSync(root, { recursive: true, force: true });
    },
  };
  return cluster;
}

/** Starts one node process hosting `names`, detached (its own session, like the shim's setsid). */
function spawnNodes(root: string, names: string[]): void {
  const out = openSync(join(nodePaths(root, names[0]!).run, 'k3s.out'), 'a');
  const [program, ...leading] = simulatorCommand('k3s-process');
  const child = spawn(program!, [...leading, root, ...names], {
    cwd: PACKAGE_ROOT,
    detached: true,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  child.unref();
}

async function waitReady(nodes: NodePaths[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending = nodes;
  while (pending.length > 0) {
    const failed = pending.find((p) => existsSync(p.failedFile));
    if (failed) throw new Error(`node ${failed.dir} failed to start: ${readFileSync(failed.failedFile, 'utf8').trim()}`);
    pending = pending.filter((p) => !(existsSync(p.readyFile) && runningPid(p) !== undefined));
    if (pending.length === 0) return;
    if (Date.now() > deadline) throw new Error(`nodes not ready after ${timeoutMs} ms: ${pending.map((p) => p.dir).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** SIGTERM to every node process, then SIGKILL to any still there after 10 s. */
async function killNodes(nodes: NodePaths[]): Promise<void> {
  const pids = new Set(nodes.map(runningPid).filter((p): p is number => p !== undefined));
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while ([...pids].some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const pid of pids) if (alive(pid)) signal(pid, 'SIGKILL');
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

async function freeAddresses(count: number, port: number): Promise<string[]> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const addresses = randomLoopbackAddresses(count);
    if (await canBind(addresses[0]!, port)) return addresses;
  }
  throw new Error('no free loopback block found');
}

let hookInstalled = false;
function installExitHook(): void {
  if (hookInstalled) return;
  hookInstalled = true;
  // A test that throws before stop() must not leave node processes behind it.
  process.once('exit', () => {
    for (const c of running)
      for (const n of c.nodes) {
        const pid = runningPid(c.paths(n));
        if (pid) signal(pid, 'SIGKILL');
      }
  });
}
