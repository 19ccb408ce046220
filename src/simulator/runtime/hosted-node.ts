/**
 * One simulated node inside a node process: its start-up (fault flags, the rules' start-up,
 * for servers the fake API on `address:port`), its reaction to the shared Secret, its periodic
 * tick, its stop. The process (`k3s-process.ts`) may host many of these.
 *
 * An RKE2 server listens twice: the supervisor (dynamiclistener, the `rke2-serving`
 * certificate) on `address:port` (9345), and the kube-apiserver static pod on `address:apiPort`
 * (6443), serving `server/tls/serving-kube-apiserver.crt` as it was when the server started.
 * The simulator answers the API on both (the real supervisor answers only its own paths).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { distributionOf } from '../distribution.js';
import { parseK3sVersion } from '../k3s-version.js';
import { KubeApiServer } from '../kube-api/kube-api-server.js';
import type { KubeSecret } from '../kube-api/kube-store.js';
import type { SimNode } from '../node/sim-node.js';
import type { ClusterFile } from './cluster-file.js';
import { type NodePaths, nodePaths } from './cluster-paths.js';
import type { Datastore } from './datastore.js';
import { DatastoreKubeStore } from './datastore-kube-store.js';
import { appendK3sLog, flushLog } from './k3s-log.js';
import { nodeAlive } from './node-liveness.js';
import { type ServerRuntime, startAgent, startServer } from './rules.js';
import { SERVING_SECRET, servingSecretStore } from './serving-secret-store.js';

/** A node hosted by this process. */
export class HostedNode {
  readonly paths: NodePaths;
  private runtime: ServerRuntime | undefined;
  private api: KubeApiServer | undefined;
  /** RKE2: the kube-apiserver on its own port. */
  private apiServer: KubeApiServer | undefined;
  /** The serving Secret's name (`k3s-serving`, `rke2-serving`). */
  private readonly secretName: string;
  private log: readonly string[] = [];
  private logged = 0;
  /** The datastore resourceVersion the watch has delivered up to. */
  private watchedRv = 0;

  constructor(
    private readonly root: string,
    readonly node: SimNode,
    private readonly cluster: () => ClusterFile,
    private readonly datastore: Datastore,
  ) {
    this.paths = nodePaths(root, node.name);
    const v = parseK3sVersion(node.version);
    this.secretName = v ? distributionOf(v).servingSecret : SERVING_SECRET.name;
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
      const program = this.secretName.replace(/-serving$/, '');
      appendK3sLog(this.paths.logFile, [
        `Starting ${program} ${this.node.role === 'server' ? '' : 'agent '}${this.node.version}`.replace('  ', ' '),
      ]);
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
      writeFileSync(this.paths.failedFile, `${message}\n`);
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
    const secrets = servingSecretStore(this.datastore, () => new Date(), this.secretName);
    // Watch from before the start-up: nothing written meanwhile (by us or another server) is missed.
    this.watchedRv = this.datastore.read().resourceVersion;
    const runtime = await startServer(this.node, secrets, new Date(), { resume });
    this.runtime = runtime;
    this.log = runtime.log;
    const v = parseK3sVersion(this.node.version);
    const store = new DatastoreKubeStore(
      this.datastore,
      () => this.cluster().nodes,
      (n) => nodeAlive(nodePaths(this.root, n.name)),
      () => new Date(),
      this.cluster().createdAt,
    );
    const api = (serving: () => { cert: string; key: string }): KubeApiServer =>
      new KubeApiServer({
        servingCertificate: serving,
        clientCa: runtime.clientCaPem,
        basicAuth: runtime.basicAuth,
        caCerts: () => runtime.serverCaPem,
        store,
        ...(v ? { version: { major: '1', minor: String(v.minor), gitVersion: this.node.version } } : {}),
      });
    this.api = api(() => runtime.serving());
    this.flush();
    await this.api.listen(this.node.port, this.node.address);
    if (this.node.apiPort !== undefined && this.node.apiPort !== this.node.port) {
      // The static pod reads its certificate files when it starts (RKE2 restarts it when they change).
      const tls = join(this.node.dataDir, 'server', 'tls');
      const pair = {
        cert: readFileSync(join(tls, 'serving-kube-apiserver.crt'), 'utf8'),
        key: readFileSync(join(tls, 'serving-kube-apiserver.key'), 'utf8'),
      };
      this.apiServer = api(() => pair);
      await this.apiServer.listen(this.node.apiPort, this.node.address);
      appendK3sLog(this.paths.logFile, [
        `Running supervisor on https://${this.node.address}:${this.node.port}, kube-apiserver on https://${this.node.address}:${this.node.apiPort}`,
      ]);
      return;
    }
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
      await this.deliver(content.secrets.find((s) => this.isServing(s)));
      return;
    }
    for (const event of events) {
      this.watchedRv = event.resourceVersion;
      if (this.isServing(event.secret)) await this.deliver(event.type === 'DELETED' ? undefined : event.secret);
      if (!this.runtime) return;
    }
  }

  private async deliver(secret: KubeSecret | undefined): Promise<void> {
    appendK3sLog(
      this.paths.logFile,
      [`watch: Secret kube-system/${this.secretName} ${secret ? `updated (resourceVersion ${secret.resourceVersion ?? '?'})` : 'deleted'}`],
      'debug',
    );
    await this.guard(() => this.runtime!.onSecretChanged(secret, new Date()));
  }

  /** The periodic expiry check of newer k3s. */
  async tick(): Promise<void> {
    if (this.runtime) await this.guard(() => this.runtime!.tick(new Date()));
  }

  /** Stops serving and clears the markers: the unit becomes inactive (`failed` stays when `clearFailed` is false). */
  async stop(clearFailed = true): Promise<void> {
    const api = this.api;
    const apiServer = this.apiServer;
    this.api = undefined;
    this.apiServer = undefined;
    this.runtime = undefined;
    await api?.close();
    await apiServer?.close();
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

  private isServing(secret: KubeSecret | undefined): boolean {
    return secret?.namespace === SERVING_SECRET.namespace && secret.name === this.secretName;
  }

  private flush(): void {
    this.logged = flushLog(this.paths.logFile, this.log, this.logged);
  }
}
