/**
 * The simulated k3s process: `node --import tsx k3s-process.ts <cluster-root> <node>...`.
 * Hosts one or more nodes (a benchmark wants hundreds of nodes without hundreds of
 * processes); each gets its pid file, log and ready marker under `nodes/<name>/run/`.
 *
 * - The Secret watch: the datastore file is polled (a `stat` every {@link POLL_MS} ms); when it
 *   changed, each server replays the `k3s-serving` changes since its last look (`onSecretChanged`).
 * - `systemctl stop` of one node writes `run/stop-request` and sends SIGUSR2: only that node
 *   stops; the process exits when it hosts no node any more.
 * - SIGTERM/SIGINT stop every node cleanly.
 */
import { existsSync } from 'node:fs';
import { clusterNode, readClusterFile, type ClusterFile } from './cluster-file.js';
import { clusterPaths } from './cluster-paths.js';
import { Datastore } from './datastore.js';
import { HostedNode } from './hosted-node.js';

const POLL_MS = 150;
const TICK_MS = 5_000;
/** How many nodes start at once (start-up issues certificates: CPU-bound). */
const START_CONCURRENCY = 8;

// A stop request may arrive while nodes are still starting: SIGUSR2's default action would kill
// every hosted node, so it is caught from the first line on and acted upon once the loop runs.
let wake: () => void = () => {};
process.on('SIGUSR2', () => wake());

async function main(argv: string[]): Promise<number> {
  const [root, ...names] = argv;
  if (!root || names.length === 0) {
    process.stderr.write('usage: k3s-process.ts <cluster-root> <node>...\n');
    return 2;
  }
  const cluster: ClusterFile = readClusterFile(root);
  const datastore = new Datastore(clusterPaths(root).datastore);
  const nodes = new Map<string, HostedNode>();
  for (const name of names) nodes.set(name, new HostedNode(root, clusterNode(cluster, name), () => cluster, datastore));
  for (const n of nodes.values()) n.announce();
  await startAll([...nodes.values()], nodes);
  if (nodes.size === 0) return 1;
  return new Promise<number>((resolve) => runLoop(nodes, datastore, clusterPaths(root).clusterJson, resolve));
}

async function startAll(pending: HostedNode[], nodes: Map<string, HostedNode>): Promise<void> {
  const queue = [...pending];
  const worker = async (): Promise<void> => {
    for (let n = queue.shift(); n; n = queue.shift()) {
      try {
        await n.start();
      } catch {
        nodes.delete(n.node.name); // logged and marked failed by start()
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(START_CONCURRENCY, queue.length) }, worker));
}

function runLoop(nodes: Map<string, HostedNode>, datastore: Datastore, clusterJson: string, done: (code: number) => void): void {
  let stamp = datastore.stamp();
  let busy = false;
  let lastTick = Date.now();
  let stopping = false;
  const step = async (): Promise<void> => {
    if (busy || stopping) return;
    busy = true;
    try {
      // The cluster directory was removed (a test that died before stop()): nothing to serve.
      if (!existsSync(clusterJson)) {
        for (const n of nodes.values()) await n.stop();
        nodes.clear();
      }
      await stopRequested(nodes);
      const now = datastore.stamp();
      if (now !== stamp) {
        stamp = now;
        for (const n of nodes.values()) await n.watch();
      }
      if (Date.now() - lastTick >= TICK_MS) {
        lastTick = Date.now();
        for (const n of nodes.values()) await n.tick();
      }
    } finally {
      busy = false;
    }
    if (nodes.size === 0) finish(0);
  };
  const timer = setInterval(() => void step(), POLL_MS);
  const finish = (code: number): void => {
    stopping = true;
    clearInterval(timer);
    done(code);
  };
  wake = () => void step();
  const terminate = (): void => {
    stopping = true;
    clearInterval(timer);
    void Promise.all([...nodes.values()].map((n) => n.stop())).then(() => done(0));
  };
  process.once('SIGTERM', terminate);
  process.once('SIGINT', terminate);
}

async function stopRequested(nodes: Map<string, HostedNode>): Promise<void> {
  for (const [name, n] of nodes) {
    if (!existsSync(n.paths.stopRequestFile)) continue;
    await n.stop();
    nodes.delete(name);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`k3s-process: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
