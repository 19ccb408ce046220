/**
 * The in-memory cluster state behind the fake Kubernetes API: Secrets (per namespace) and
 * Nodes, with listeners the k3s simulator hangs its behaviour on (old k3s re-creating
 * `k3s-serving` from `dynamic-cert.json`, a delete that must also drop the served
 * certificate, …). Objects go in and come out as copies, so nobody edits the store by accident.
 */
import { randomUUID } from 'node:crypto';

/** A Secret as the store keeps it. `data` values are base64, as in the API. */
export interface KubeSecret {
  namespace: string;
  name: string;
  /** `kubernetes.io/tls`, `Opaque`, … */
  type: string;
  data: Record<string, string>;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  /** Set by the store on first write (ISO 8601); kept on updates. */
  creationTimestamp?: string;
  /** Set by the store on first write; a re-created Secret gets a new one (kubectl's delete --wait relies on it). */
  uid?: string;
  /** Set by the store on every write. */
  resourceVersion?: string;
}

/** A Node, reduced to what `kubectl get nodes` shows. */
export interface KubeNode {
  name: string;
  ready: boolean;
  /** `control-plane`, `master`, `etcd` (shown comma-separated, `<none>` when empty). */
  roles: string[];
  /** kubelet version, e.g. `v1.32.4+k3s1`. */
  version: string;
  internalIP?: string;
  creationTimestamp?: string;
  uid?: string;
}

/** Called after a Secret was deleted, with the Secret as it was. */
export type SecretListener = (secret: KubeSecret) => void;

/** Namespaces every k3s cluster has. */
export const DEFAULT_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

/** The cluster state. `now` stamps creation times (injectable, like every clock in certbook). */
export class KubeStore {
  private readonly secrets = new Map<string, KubeSecret>();
  private readonly nodes = new Map<string, KubeNode>();
  private readonly namespaceSet = new Set<string>(DEFAULT_NAMESPACES);
  private readonly deletedListeners = new Set<SecretListener>();
  private readonly writtenListeners = new Set<SecretListener>();
  private version = 1000;
  /** Errors thrown by listeners: caught so an API request never fails because of a hook. */
  readonly listenerErrors: Error[] = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Namespaces that exist: the defaults, any added, and any holding a Secret. */
  namespaces(): string[] {
    return [...new Set([...this.namespaceSet, ...[...this.secrets.values()].map((s) => s.namespace)])].sort();
  }

  /** Adds a namespace. */
  addNamespace(name: string): void {
    this.namespaceSet.add(name);
  }

  /** A copy of the Secret, or undefined. */
  getSecret(namespace: string, name: string): KubeSecret | undefined {
    const s = this.secrets.get(key(namespace, name));
    return s && structuredClone(s);
  }

  /** Copies of the Secrets of `namespace` (all namespaces when absent), by namespace then name. */
  listSecrets(namespace?: string): KubeSecret[] {
    return [...this.secrets.values()]
      .filter((s) => namespace === undefined || s.namespace === namespace)
      .sort((a, b) => key(a.namespace, a.name).localeCompare(key(b.namespace, b.name)))
      .map((s) => structuredClone(s));
  }

  /** Creates or replaces a Secret; returns the stored copy (with uid, resourceVersion, creationTimestamp). */
  putSecret(secret: KubeSecret): KubeSecret {
    const k = key(secret.namespace, secret.name);
    const old = this.secrets.get(k);
    const stored: KubeSecret = {
      ...structuredClone(secret),
      uid: old?.uid ?? secret.uid ?? randomUUID(),
      creationTimestamp:
        old?.creationTimestamp ??
        secret.creationTimestamp ??
        this.now()
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
      resourceVersion: String(++this.version),
    };
    this.secrets.set(k, stored);
    this.emit(this.writtenListeners, stored);
    return structuredClone(stored);
  }

  /** Deletes a Secret; false when there was none. Listeners run after the deletion. */
  deleteSecret(namespace: string, name: string): boolean {
    const k = key(namespace, name);
    const old = this.secrets.get(k);
    if (!old) return false;
    this.secrets.delete(k);
    this.emit(this.deletedListeners, old);
    return true;
  }

  /** Runs `listener` after each Secret deletion; returns a function that stops it. */
  onSecretDeleted(listener: SecretListener): () => void {
    this.deletedListeners.add(listener);
    return () => this.deletedListeners.delete(listener);
  }

  /** Runs `listener` after each Secret write (create or replace); returns a function that stops it. */
  onSecretWritten(listener: SecretListener): () => void {
    this.writtenListeners.add(listener);
    return () => this.writtenListeners.delete(listener);
  }

  /** A copy of the Node, or undefined. */
  getNode(name: string): KubeNode | undefined {
    const n = this.nodes.get(name);
    return n && structuredClone(n);
  }

  /** Copies of every Node, by name. */
  listNodes(): KubeNode[] {
    return [...this.nodes.values()].sort((a, b) => a.name.localeCompare(b.name)).map((n) => structuredClone(n));
  }

  /** Creates or replaces a Node. */
  putNode(node: KubeNode): KubeNode {
    const old = this.nodes.get(node.name);
    const stored: KubeNode = {
      ...structuredClone(node),
      uid: old?.uid ?? node.uid ?? randomUUID(),
      creationTimestamp:
        old?.creationTimestamp ??
        node.creationTimestamp ??
        this.now()
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
    };
    this.nodes.set(node.name, stored);
    return structuredClone(stored);
  }

  /** Deletes a Node; false when there was none. */
  deleteNode(name: string): boolean {
    return this.nodes.delete(name);
  }

  /** The store's current resourceVersion (lists report it). */
  get resourceVersion(): string {
    return String(this.version);
  }

  private emit(listeners: Set<SecretListener>, secret: KubeSecret): void {
    for (const listener of listeners) {
      try {
        listener(structuredClone(secret));
      } catch (err) {
        this.listenerErrors.push(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }
}

function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
