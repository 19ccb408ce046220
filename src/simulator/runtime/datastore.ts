/**
 * The cluster's datastore: one JSON file (`<root>/datastore.json`) that every server of the
 * cluster reads and writes, standing in for k3s's sqlite/etcd. It holds Secrets (the shared
 * `kube-system/k3s-serving`) and a resourceVersion counter. Writes are read-modify-write under
 * a lock and land atomically (temp file + rename), so readers never lock and never see half a
 * file. Reads are cached by the file's identity (inode, size, mtime): polling it is cheap.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { KubeSecret } from '../kube-api/kube-store.js';
import { withFileLock } from './file-lock.js';

/** One change to a Secret, as a Kubernetes watch delivers it. */
export interface SecretEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resourceVersion: number;
  /** The Secret after the change (before it, for DELETED). */
  secret: KubeSecret;
}

/** What the datastore file holds. */
export interface DatastoreContent {
  /** Bumped on every write; stamped on written Secrets as their resourceVersion. */
  resourceVersion: number;
  secrets: KubeSecret[];
  /** The latest changes, oldest first (at most {@link EVENT_HISTORY}): what watchers replay. */
  events?: SecretEvent[];
}

/** How many changes the datastore remembers for watchers that poll. */
export const EVENT_HISTORY = 200;

/** Identity of the file as `stat` sees it; changes on every atomic write. */
export type FileStamp = string;

/** The datastore file at `path`. Several instances (in several processes) may share one file. */
export class Datastore {
  private cached: { stamp: FileStamp; content: DatastoreContent } | undefined;

  constructor(readonly path: string) {}

  /** Creates the file with `content` (overwriting it). */
  init(content: DatastoreContent = { resourceVersion: 1000, secrets: [] }): void {
    withFileLock(this.path, () => this.write(content));
  }

  /** The file's identity now, '' when it is missing. */
  stamp(): FileStamp {
    try {
      const s = statSync(this.path, { bigint: true });
      return `${s.ino}:${s.size}:${s.mtimeNs}`;
    } catch {
      return '';
    }
  }

  /** The current content (a fresh copy each call). */
  read(): DatastoreContent {
    const stamp = this.stamp();
    if (!this.cached || this.cached.stamp !== stamp) {
      const content = stamp === '' ? empty() : (JSON.parse(readFileSync(this.path, 'utf8')) as DatastoreContent);
      this.cached = { stamp, content };
    }
    return structuredClone(this.cached.content);
  }

  /** One Secret, or undefined. */
  getSecret(namespace: string, name: string): KubeSecret | undefined {
    return this.read().secrets.find((s) => s.namespace === namespace && s.name === name);
  }

  /** Creates or replaces a Secret (uid and creationTimestamp kept on replace); returns the stored copy. */
  putSecret(secret: KubeSecret, now: Date = new Date()): KubeSecret {
    return this.update((content) => {
      const i = content.secrets.findIndex((s) => s.namespace === secret.namespace && s.name === secret.name);
      const old = i >= 0 ? content.secrets[i] : undefined;
      // As the API server: a create gets a new uid and creation time whatever the client sent
      // (a Secret re-created from dynamic-cert.json is a new object), a replace keeps them.
      const stored: KubeSecret = {
        ...structuredClone(secret),
        uid: old?.uid ?? randomUUID(),
        creationTimestamp: old?.creationTimestamp ?? now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        resourceVersion: String(++content.resourceVersion),
      };
      if (i >= 0) content.secrets[i] = stored;
      else content.secrets.push(stored);
      record(content, { type: old ? 'MODIFIED' : 'ADDED', resourceVersion: content.resourceVersion, secret: stored });
      return stored;
    });
  }

  /** Deletes a Secret; returns it as it was, or undefined when there was none. */
  deleteSecret(namespace: string, name: string): KubeSecret | undefined {
    return this.update((content) => {
      const i = content.secrets.findIndex((s) => s.namespace === namespace && s.name === name);
      if (i < 0) return undefined;
      const [old] = content.secrets.splice(i, 1);
      content.resourceVersion++;
      record(content, { type: 'DELETED', resourceVersion: content.resourceVersion, secret: old! });
      return old;
    });
  }

  /**
   * The changes after `resourceVersion`, oldest first; undefined when some were already
   * forgotten (the watcher must then resync from the current state, as after a 410 Gone).
   */
  eventsSince(resourceVersion: number): SecretEvent[] | undefined {
    const content = this.read();
    const events = (content.events ?? []).filter((e) => e.resourceVersion > resourceVersion);
    const oldest = content.events?.[0]?.resourceVersion ?? content.resourceVersion + 1;
    return resourceVersion + 1 < oldest && content.resourceVersion > resourceVersion ? undefined : events;
  }

  /** Read-modify-write under the lock; `fn` mutates `content` and returns the result. */
  private update<T>(fn: (content: DatastoreContent) => T): T {
    return withFileLock(this.path, () => {
      this.cached = undefined;
      const content = this.read();
      const result = fn(content);
      this.write(content);
      return result;
    });
  }

  private write(content: DatastoreContent): void {
    const tmp = `${this.path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(content, null, 1)}\n`, { mode: 0o600 });
    renameSync(tmp, this.path);
    this.cached = undefined;
  }
}

function record(content: DatastoreContent, event: SecretEvent): void {
  const events = content.events ?? (content.events = []);
  events.push(structuredClone(event));
  if (events.length > EVENT_HISTORY) events.splice(0, events.length - EVENT_HISTORY);
}

function empty(): DatastoreContent {
  return { resourceVersion: 1000, secrets: [] };
}
