/**
 * One simulated node inside a node process: its start-up (fault flags, the rules' start-up,
 * for servers the fake API on `address:port`), its reaction to the shared Secret, its periodic
 * tick, its stop. The process (`k3s-process.ts`) may host many of these.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { KubeApiServer } from '../kube-api/kube-api-server.js';
import type { KubeSecret } from '../kube-api/kube-store.js';
import { parseK3sVersion } from '../k3s-version.js';
import type { SimNode } from '../node/sim-node.js';
import { nodePaths, type NodePaths } from './cluster-paths.js';
import type { ClusterFile } from './cluster-file.js';
import { Datastore } from './datastore.js';
import { DatastoreKubeStore } from './datastore-kube-store.js';
import { appendK3sLog, flushLog } from './k3s-log.js';
import { nodeAlive } from './node-liveness.js';
import { startAgent, startServer, type ServerRuntime } from './rules.js';
import { SERVING_SECRET, servingSecretStore } from './serving-secret-store.js';

/** A node hosted by this process. */
export class HostedNode {
  readonly paths: NodePaths;
  private runtime: ServerRuntime | undefined;
  private api: KubeApiServer | undefined;
  private log: readonly string[] = [];
  private logged = 0;
  /** The datastore resourceVersion the watch has delivered up to. */
  private watchedRv = 0;

  constructor(private readonly root: string, readonly node: SimNode, private readonly cluster: () => ClusterFile, private readonly datastore: Datastore) {
    this.paths = nodePaths(root, node.name);
  }

  /** Marks the node as starting: pid file written, old markers gone. */
  announce(): void {
    mkdirSync(this.paths.run, { recursive: true });
    for (const f of [this.paths.readyFile, this.paths.failedFile, this.paths.stopRequestFile]) rmSync(f, { force: true });
    writeFileSync(this.paths.pidFile, `${process.pid}\n`);
  }

  /** Runs the start-up; on failure writes the failed marker and throws. */
  async start(): Promise<void> {
    try {
      this.checkFaults();
      appendK3sLog(this.paths.logFile, [`Starting k3s ${this.node.role === 'server' ? '' : 'agent '}${this.node.version}`.replace('  ', ' ')]);
      const resume = existsSync(this.paths.resumeFile);
      rmSync(this.paths.resumeFile, { force: true });
      if (this.node.role === 'server') await this.startServer(resume);
      else this.log = (await startAgent(this.node, new Date(), { resume })).log;
      this.flush();
      writeFileSync(this.paths.readyFile, `${new Date().toISOString()}\n`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.flush();
      appendK3sLog(this.paths.logFile, [message], 'fatal');
      writeFileSync(this.paths.failedFile, message + '\n');
      await this.stop(false);
      throw err;
    }
  }

  private checkFaults(): void {
    if (existsSync(this.paths.failNextStartFile)) {
      rmSync(this.paths.failNextStartFile, { force: true });
      throw new Error('injected fault: fail-next-start');
    }
    if (existsSync(this.paths.failStartFile)) throw new Error('injected fault: fail-start');
  }

  private async startServer(resume: boolean): Promise<void> {
    const secrets = servingSecretStore(this.datastore);
    // Watch from before the start-up: nothing written meanwhile (by us or another server) is missed.
    this.watchedRv = this.datastore.read().resourceVersion;
    const runtime = await startServer(this.node, secrets, new Date(), { resume });
    this.runtime = runtime;
    this.log = runtime.log;
    const v = parseK3sVersion(this.node.version);
    const store = new DatastoreKubeStore(this.datastore, () => this.cluster().nodes, (n) => nodeAlive(nodePaths(this.root, n.name)), () => new Date(), this.cluster().createdAt);
    this.api = new KubeApiServer({
      servingCertificate: () => runtime.serving(),
      clientCa: runtime.clientCaPem,
      basicAuth: runtime.basicAuth,
      caCerts: () => runtime.serverCaPem,
      store,
      ...(v ? { version: { major: '1', minor: String(v.minor), gitVersion: this.node.version } } : {}),
    });
    this.flush();
    await this.api.listen(this.node.port, this.node.address);
    appendK3sLog(this.paths.logFile, [`Running kube-apiserver on https://${this.node.address}:${this.node.port}`]);
  }

  /**
   * The Secret watch: replays every change of `k3s-serving` since the last call to the rules,
   * in order (a deletion is seen even when another server re-created the Secret since).
   */
  async watch(): Promise<void> {
    if (!this.runtime) return;
    const events = this.datastore.eventsSince(this.watchedRv);
    const content = this.datastore.read();
    if (events === undefined) {
      // Too far behind (410 Gone): resync from the current state.
      this.watchedRv = content.resourceVersion;
      await this.deliver(content.secrets.find(isServing));
      return;
    }
    for (const event of events) {
      this.watchedRv = event.resourceVersion;
      if (isServing(event.secret)) await this.deliver(event.type === 'DELETED' ? undefined : event.secret);
      if (!this.runtime) return;
    }
  }

  private async deliver(secret: KubeSecret | undefined): Promise<void> {
    appendK3sLog(this.paths.logFile, [`watch: Secret kube-system/k3s-serving ${secret ? `updated (resourceVersion ${secret.resourceVersion ?? '?'})` : 'deleted'}`], 'debug');
    await this.guard(() => this.runtime!.onSecretChanged(secret, new Date()));
  }

  /** The periodic expiry check of newer k3s. */
  async tick(): Promise<void> {
    if (this.runtime) await this.guard(() => this.runtime!.tick(new Date()));
  }

  /** Stops serving and clears the markers: the unit becomes inactive (`failed` stays when `clearFailed` is false). */
  async stop(clearFailed = true): Promise<void> {
    const api = this.api;
    this.api = undefined;
    this.runtime = undefined;
    await api?.close();
    this.flush();
    for (const f of [this.paths.readyFile, this.paths.pidFile, this.paths.stopRequestFile]) rmSync(f, { force: true });
    if (clearFailed) rmSync(this.paths.failedFile, { force: true });
  }

  private async guard(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      appendK3sLog(this.paths.logFile, [err instanceof Error ? err.message : String(err)], 'error');
    }
    this.flush();
  }

  private flush(): void {
    this.logged = flushLog(this.paths.logFile, this.log, this.logged);
  }
}

function isServing(secret: KubeSecret | undefined): boolean {
  return secret?.namespace === SERVING_SECRET.namespace && secret.name === SERVING_SECRET.name;
}
