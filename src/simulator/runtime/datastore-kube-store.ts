/**
 * The fake API's store for a simulated server: Secrets live in the shared datastore file (so a
 * `kubectl delete secret k3s-serving` on one server is seen by every other server), Nodes are
 * computed on each request from `cluster.json` and each node's pid file (Ready while its
 * process runs). Overrides every public method of `KubeStore` that touches Secrets or Nodes.
 */
import { type KubeNode, type KubeSecret, KubeStore, type SecretListener } from '../kube-api/kube-store.js';
import type { SimNode } from '../node/sim-node.js';
import type { Datastore } from './datastore.js';

/** A KubeStore over the cluster's datastore and node processes. */
export class DatastoreKubeStore extends KubeStore {
  private readonly deleted = new Set<SecretListener>();
  private readonly written = new Set<SecretListener>();

  constructor(
    private readonly datastore: Datastore,
    private readonly clusterNodes: () => readonly SimNode[],
    private readonly nodeIsReady: (node: SimNode) => boolean,
    private readonly clock: () => Date = () => new Date(),
    /** When the cluster was created (the Nodes' creationTimestamp, for AGE). */
    private readonly createdAt?: string,
  ) {
    super(clock);
  }

  override namespaces(): string[] {
    return [...new Set([...super.namespaces(), ...this.datastore.read().secrets.map((s) => s.namespace)])].sort();
  }

  override getSecret(namespace: string, name: string): KubeSecret | undefined {
    return this.datastore.getSecret(namespace, name);
  }

  override listSecrets(namespace?: string): KubeSecret[] {
    return this.datastore
      .read()
      .secrets.filter((s) => namespace === undefined || s.namespace === namespace)
      .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  }

  override putSecret(secret: KubeSecret): KubeSecret {
    const stored = this.datastore.putSecret(secret, this.clock());
    for (const l of this.written) l(structuredClone(stored));
    return stored;
  }

  override deleteSecret(namespace: string, name: string): boolean {
    const old = this.datastore.deleteSecret(namespace, name);
    if (!old) return false;
    for (const l of this.deleted) l(structuredClone(old));
    return true;
  }

  override onSecretDeleted(listener: SecretListener): () => void {
    this.deleted.add(listener);
    return () => this.deleted.delete(listener);
  }

  override onSecretWritten(listener: SecretListener): () => void {
    this.written.add(listener);
    return () => this.written.delete(listener);
  }

  override getNode(name: string): KubeNode | undefined {
    return this.listNodes().find((n) => n.name === name);
  }

  override listNodes(): KubeNode[] {
    return [...this.clusterNodes()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((n) => ({
        name: n.name,
        ready: this.nodeIsReady(n),
        roles: n.role === 'server' ? ['control-plane', 'master'] : [],
        version: n.version,
        internalIP: n.address,
        ...(this.createdAt ? { creationTimestamp: this.createdAt } : {}),
      }));
  }

  override get resourceVersion(): string {
    return String(this.datastore.read().resourceVersion);
  }
}
