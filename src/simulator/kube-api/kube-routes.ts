/**
 * Request → response for the fake API, as a pure function of the store (no sockets here, so
 * every route is easy to reason about and to test). Unknown paths answer the same 404 Status
 * the real API server gives; unsupported verbs a 405.
 */
import {
  discovery,
  type Json,
  type KubeVersion,
  listObject,
  nodeObject,
  nodeTable,
  notFound,
  secretObject,
  secretTable,
  statusObject,
} from './kube-objects.js';
import type { KubeStore } from './kube-store.js';

/** What a route needs to know about a request. */
export interface ApiRequest {
  method: string;
  /** The path without the query (`/api/v1/namespaces/kube-system/secrets/k3s-serving`). */
  path: string;
  /** True when the Accept header asks for `as=Table` (what `kubectl get` does without `-o`). */
  wantsTable: boolean;
}

/** An answer: JSON (an object or a Status) and its HTTP status. */
export interface ApiResponse {
  status: number;
  json: Json;
}

/** What routes read. */
export interface RouteContext {
  store: KubeStore;
  now: Date;
  version: KubeVersion;
  /** `host:port` the server is reached at (for `/api`'s serverAddressByClientCIDRs). */
  serverAddress: string;
}

const NOT_FOUND = statusObject(404, 'NotFound', 'the server could not find the requested resource', {});
const SECRET = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/]+)$/;
const SECRETS = /^\/api\/v1\/(?:namespaces\/([^/]+)\/)?secrets$/;
const NAMESPACE = /^\/api\/v1\/namespaces\/([^/]+)$/;
const NODE = /^\/api\/v1\/nodes\/([^/]+)$/;

/** Answers one authenticated request. */
export function route(req: ApiRequest, ctx: RouteContext): ApiResponse {
  const doc = discovery(req.path, ctx.version, ctx.serverAddress);
  if (doc) return onlyGet(req, () => ok(doc));
  let m = SECRET.exec(req.path);
  if (m) return secretRoute(req, ctx, decodeURIComponent(m[1]!), decodeURIComponent(m[2]!));
  m = SECRETS.exec(req.path);
  if (m) {
    const ns = m[1] === undefined ? undefined : decodeURIComponent(m[1]);
    const secrets = ctx.store.listSecrets(ns);
    return onlyGet(req, () =>
      ok(
        req.wantsTable
          ? secretTable(secrets, ctx.now, ctx.store.resourceVersion)
          : listObject('SecretList', secrets.map(secretObject), ctx.store.resourceVersion),
      ),
    );
  }
  if (req.path === '/api/v1/namespaces') {
    return onlyGet(req, () => ok(listObject('NamespaceList', ctx.store.namespaces().map(namespaceObject), ctx.store.resourceVersion)));
  }
  m = NAMESPACE.exec(req.path);
  if (m) {
    const ns = decodeURIComponent(m[1]!);
    return onlyGet(req, () => (ctx.store.namespaces().includes(ns) ? ok(namespaceObject(ns)) : missing(notFound('namespaces', ns))));
  }
  if (req.path === '/api/v1/nodes') {
    const nodes = ctx.store.listNodes();
    return onlyGet(req, () =>
      ok(
        req.wantsTable
          ? nodeTable(nodes, ctx.now, ctx.store.resourceVersion)
          : listObject('NodeList', nodes.map(nodeObject), ctx.store.resourceVersion),
      ),
    );
  }
  m = NODE.exec(req.path);
  if (m) {
    const node = ctx.store.getNode(decodeURIComponent(m[1]!));
    if (!node) return onlyGet(req, () => missing(notFound('nodes', decodeURIComponent(m![1]!))));
    return onlyGet(req, () => ok(req.wantsTable ? nodeTable([node], ctx.now, ctx.store.resourceVersion) : nodeObject(node)));
  }
  return missing(NOT_FOUND);
}

function secretRoute(req: ApiRequest, ctx: RouteContext, namespace: string, name: string): ApiResponse {
  const secret = ctx.store.getSecret(namespace, name);
  if (req.method === 'GET') {
    if (!secret) return missing(notFound('secrets', name));
    return ok(req.wantsTable ? secretTable([secret], ctx.now, ctx.store.resourceVersion) : secretObject(secret));
  }
  if (req.method === 'DELETE') {
    if (!secret || !ctx.store.deleteSecret(namespace, name)) return missing(notFound('secrets', name));
    // The real API answers a delete with the deleted object (kubectl prints `secret "x" deleted`).
    return ok(secretObject(secret));
  }
  return notAllowed(req);
}

function namespaceObject(name: string): Json {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
}

function onlyGet(req: ApiRequest, answer: () => ApiResponse): ApiResponse {
  return req.method === 'GET' ? answer() : notAllowed(req);
}

function notAllowed(req: ApiRequest): ApiResponse {
  return {
    status: 405,
    json: statusObject(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${req.method})`, {}),
  };
}

function ok(json: Json): ApiResponse {
  return { status: 200, json };
}

function missing(json: Json): ApiResponse {
  return { status: 404, json };
}
