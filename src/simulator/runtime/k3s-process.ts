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
import { type ClusterFile, clusterNode, readClusterFile } from './cluster-file.js';
import { clusterPaths } from './cluster-paths.js';
import { Datastore } from './datastore.js';
import { HostedNode } from './hosted-node.js';

const POLL_MS = 150;
const TICK_MS = 5_000;
/** How many nodes start at once (start-up issues certificates: CPU-bound). */
const START_CONCURRENCY = 8;

// Signals may arrive while nodes are still starting: they are caught from the first line on
// (SIGUSR2's default action would kill every hosted node) and acted upon by the loop.
let loop: NodeLoop | undefined;
let terminated = false;
process.on('SIGUSR2', () => loop?.step());
for (const sig of ['SIGTERM', 'SIGINT'] as const)
  process.once(sig, () => {
    terminated = true;
    loop?.terminate();
  });

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
  return new Promise<number>((resolve) => {
    loop = new NodeLoop(nodes, datastore, clusterPaths(root).clusterJson, resolve);
    if (terminated) loop.terminate();
  });
}

async function startAll(pending: HostedNode[], nodes: Map<string, HostedNode>): Promise<void> {
  const queue = [...pending];
  const worker = async (): Promise<void> => {
    for (let n = queue.shift(); n && !terminated; n = queue.shift()) {
      try {
        await n.start();
      } catch {
        nodes.delete(n.node.name); // logged and marked failed by start()
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(START_CONCURRENCY, queue.length) }, worker));
}

/** The running process: polls for stop requests and datastore changes, ticks, stops. */
class NodeLoop {
  private stamp: string;
  private busy = false;
  private stopping = false;
  private lastTick = Date.now();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly nodes: Map<string, HostedNode>,
    private readonly datastore: Datastore,
    private readonly clusterJson: string,
    private readonly done: (code: number) => void,
  ) {
    this.stamp = datastore.stamp();
    this.timer = setInterval(() => this.step(), POLL_MS);
  }

  /** One round; ignored while the previous one runs (the next timer tick catches up). */
  step(): void {
    if (this.busy || this.stopping) return;
    this.busy = true;
    void this.round().finally(() => {
      this.busy = false;
      if (this.nodes.size === 0) this.finish();
    });
  }

  /** Stops every node, then exits. */
  terminate(): void {
    if (this.stopping) return;
    this.stopping = true;
    clearInterval(this.timer);
    void Promise.all([...this.nodes.values()].map((n) => n.stop())).then(() => this.done(0));
  }

  private async round(): Promise<void> {
    // The cluster directory was removed (a test that died before stop()): nothing to serve.
    if (!existsSync(this.clusterJson)) await this.stopWhere(() => true);
    await this.stopWhere((n) => existsSync(n.paths.stopRequestFile));
    const stamp = this.datastore.stamp();
    if (stamp !== this.stamp) {
      this.stamp = stamp;
      for (const n of this.nodes.values()) await n.watch();
    }
    if (Date.now() - this.lastTick >= TICK_MS) {
      this.lastTick = Date.now();
      for (const n of this.nodes.values()) await n.tick();
    }
  }

  private async stopWhere(pick: (n: HostedNode) => boolean): Promise<void> {
    for (const [name, n] of this.nodes) {
      if (!pick(n)) continue;
      await n.stop();
      this.nodes.delete(name);
    }
  }

  private finish(): void {
    this.stopping = true;
    clearInterval(this.timer);
    this.done(0);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`k3s-process: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
