/**
 * The JSON the real kubectl expects, object by object: Secrets, Nodes, lists, `Status` errors,
 * the `meta.k8s.io/v1` Table that `kubectl get` asks for, and the discovery documents. Shapes
 * measured against kubectl 1.27–1.33 (see /work/shared/kubectl-fake-api.md).
 */
import type { KubeNode, KubeSecret } from './kube-store.js';

/** A JSON object. */
export type Json = Record<string, unknown>;

/** The API form of a stored Secret. */
export function secretObject(s: KubeSecret): Json {
  const metadata: Json = {
    name: s.name,
    namespace: s.namespace,
    uid: s.uid,
    resourceVersion: s.resourceVersion,
    creationTimestamp: s.creationTimestamp,
  };
  if (s.annotations && Object.keys(s.annotations).length) metadata.annotations = s.annotations;
  if (s.labels && Object.keys(s.labels).length) metadata.labels = s.labels;
  return { apiVersion: 'v1', kind: 'Secret', metadata, type: s.type, data: s.data };
}

/** The API form of a stored Node, Ready condition included. */
export function nodeObject(n: KubeNode): Json {
  const labels: Json = { 'kubernetes.io/hostname': n.name };
  for (const role of n.roles) labels[`node-role.kubernetes.io/${role}`] = 'true';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: n.name, uid: n.uid, creationTimestamp: n.creationTimestamp, labels },
    status: {
      conditions: [
        n.ready
          ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }
          : { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' },
      ],
      nodeInfo: { kubeletVersion: n.version },
      addresses: n.internalIP
        ? [
            { type: 'InternalIP', address: n.internalIP },
            { type: 'Hostname', address: n.name },
          ]
        : [{ type: 'Hostname', address: n.name }],
    },
  };
}

/** A `…List` of objects. */
export function listObject(kind: string, items: Json[], resourceVersion: string): Json {
  return { apiVersion: 'v1', kind, metadata: { resourceVersion }, items };
}

/** A `Status`: what the API answers for every error (kubectl prints its `message`). */
export function statusObject(code: number, reason: string, message: string, details?: Json): Json {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: code < 400 ? 'Success' : 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** The 404 Status for a named object: `secrets "k3s-serving" not found`. */
export function notFound(resource: string, name: string): Json {
  return statusObject(404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource });
}

/** One column of a Table. */
export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'date';
  format?: string;
}

/** A `meta.k8s.io/v1` Table, which `kubectl get` prints as it is (the server decides the columns). */
export function tableObject(columns: TableColumn[], rows: Array<{ cells: unknown[]; metadata: Json }>, resourceVersion: string): Json {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: '', priority: 0 })),
    rows: rows.map((r) => ({
      cells: r.cells,
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: r.metadata },
    })),
  };
}

/** Rows for Secrets: NAME TYPE DATA AGE, as the real API server prints them. */
export function secretTable(secrets: KubeSecret[], now: Date, resourceVersion: string): Json {
  return tableObject(
    [
      { name: 'Name', type: 'string', format: 'name' },
      { name: 'Type', type: 'string' },
      { name: 'Data', type: 'integer' },
      { name: 'Age', type: 'string' },
    ],
    secrets.map((s) => ({
      cells: [s.name, s.type, Object.keys(s.data).length, age(s.creationTimestamp, now)],
      metadata: { name: s.name, namespace: s.namespace, uid: s.uid, creationTimestamp: s.creationTimestamp },
    })),
    resourceVersion,
  );
}

/** Rows for Nodes: NAME STATUS ROLES AGE VERSION. */
export function nodeTable(nodes: KubeNode[], now: Date, resourceVersion: string): Json {
  return tableObject(
    [
      { name: 'Name', type: 'string', format: 'name' },
      { name: 'Status', type: 'string' },
      { name: 'Roles', type: 'string' },
      { name: 'Age', type: 'string' },
      { name: 'Version', type: 'string' },
    ],
    nodes.map((n) => ({
      cells: [
        n.name,
        n.ready ? 'Ready' : 'NotReady',
        n.roles.length ? [...n.roles].sort().join(',') : '<none>',
        age(n.creationTimestamp, now),
        n.version,
      ],
      metadata: { name: n.name, uid: n.uid, creationTimestamp: n.creationTimestamp },
    })),
    resourceVersion,
  );
}

function age(created: string | undefined, now: Date): string {
  return created ? humanDuration(now.getTime() - Date.parse(created)) : '<unknown>';
}

/** Kubernetes' `duration.HumanDuration`: `45s`, `5m3s`, `2h10m`, `3d4h`, `400d`, `2y30d`. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 0) return '<invalid>';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 192) return h % 24 === 0 ? `${Math.floor(h / 24)}d` : `${Math.floor(h / 24)}d${h % 24}h`;
  const d = Math.floor(h / 24);
  if (d < 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  if (y < 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}

/** The version document (`/version`); the gcloud kubectl dispatcher picks its kubectl from `minor`. */
export interface KubeVersion {
  major: string;
  minor: string;
  gitVersion: string;
}

/** Discovery: `/api`, `/apis`, `/api/v1`, `/version`. */
export function discovery(path: string, version: KubeVersion, serverAddress: string): Json | undefined {
  if (path === '/api')
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
  // Required: a 404 here makes every kubectl command fail.
  if (path === '/apis') return { kind: 'APIGroupList', apiVersion: 'v1', groups: [] };
  if (path === '/api/v1') {
    return {
      kind: 'APIResourceList',
      groupVersion: 'v1',
      resources: [
        { name: 'namespaces', singularName: 'namespace', namespaced: false, kind: 'Namespace', verbs: ['get', 'list'], shortNames: ['ns'] },
        { name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', verbs: ['get', 'list'], shortNames: ['no'] },
        { name: 'secrets', singularName: 'secret', namespaced: true, kind: 'Secret', verbs: ['delete', 'get', 'list'] },
      ],
    };
  }
  if (path === '/version') {
    return {
      ...version,
      gitCommit: '0000000000000000000000000000000000000000',
      gitTreeState: 'clean',
      buildDate: '2025-04-22T00:00:00Z',
      goVersion: 'go1.23.6',
      compiler: 'gc',
      platform: 'linux/amd64',
    };
  }
  return undefined;
}
