/**
 * A kubeconfig file read as data: its clusters, users and contexts, how each user authenticates,
 * and which of its values are secrets. Shared by `kubeconfig_fetch` and `kubeconfig_info`.
 *
 * A kubeconfig is a secret: the client key, a token or a password sits in it. Nothing here
 * quotes the file: a parse error names a line, never its text (the YAML library's own messages
 * show the offending line, which may be key material).
 */
import { parse, YAMLParseError } from 'yaml';

/** How a kubeconfig user authenticates. */
export type AuthKind = 'client-certificate' | 'client-certificate-file' | 'token' | 'basic-auth' | 'exec' | 'auth-provider' | 'none';

/** One `clusters[]` entry. */
export interface KubeconfigCluster {
  name: string;
  server: string;
  /** `certificate-authority-data` decoded (PEM), when embedded. */
  caPem?: string;
  /** The entry's own fields, as read (for rewriting). */
  fields: Record<string, unknown>;
}

/** One `users[]` entry. */
export interface KubeconfigUser {
  name: string;
  auth: AuthKind;
  /** `client-certificate-data` decoded (PEM), when embedded. */
  certificatePem?: string;
  /** The entry's own fields, as read (for rewriting). */
  fields: Record<string, unknown>;
}

/** One `contexts[]` entry. */
export interface KubeconfigContext {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

/** A kubeconfig as read. */
export interface Kubeconfig {
  clusters: KubeconfigCluster[];
  users: KubeconfigUser[];
  contexts: KubeconfigContext[];
  currentContext: string;
  /** Every secret value in the file, in the forms an output could show it (see {@link secretForms}). */
  secrets: string[];
}

/** Values of a user entry that are secrets. */
const SECRET_FIELDS = ['client-key-data', 'token', 'password', 'client-key'] as const;

/** Reads a kubeconfig's text; a string is why it is not one (never quoting the file). */
export function parseKubeconfig(text: string): Kubeconfig | string {
  let doc: unknown;
  try {
    // prettyErrors gives the position; its message (which quotes the line) is never used.
    doc = parse(text, { maxAliasCount: 100, uniqueKeys: false });
  } catch (error) {
    if (error instanceof YAMLParseError) return `not a kubeconfig: not YAML (at line ${error.linePos?.[0]?.line ?? '?'})`;
    return 'not a kubeconfig: not YAML';
  }
  if (!isRecord(doc)) return 'not a kubeconfig: not a YAML mapping';
  if (doc.kind !== undefined && doc.kind !== 'Config') return 'not a kubeconfig: its `kind` is not `Config`';
  const clusters = entries(doc.clusters, 'cluster').map(readCluster);
  const users = entries(doc.users, 'user').map(readUser);
  const contexts = entries(doc.contexts, 'context').map(readContext);
  if (clusters.length + users.length + contexts.length === 0) return 'not a kubeconfig: no clusters, users or contexts';
  const secrets = users.flatMap((u) => SECRET_FIELDS.map((f) => u.fields[f]).filter((v): v is string => typeof v === 'string' && v !== ''));
  return {
    clusters,
    users,
    contexts,
    currentContext: typeof doc['current-context'] === 'string' ? doc['current-context'] : '',
    secrets: [...new Set(secrets.flatMap(secretForms))],
  };
}

/**
 * A secret as it may appear in output: as written, base64-decoded when it is base64 (the PEM of
 * `client-key-data`), and each line of that PEM's body (a `b64decode` printed with line breaks).
 */
export function secretForms(value: string): string[] {
  const forms = [value];
  if (/^[A-Za-z0-9+/=\s]+$/.test(value) && value.length >= 16) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    if (decoded.includes('-----BEGIN')) {
      forms.push(decoded, decoded.trim());
      forms.push(
        ...decoded
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l.length >= 16 && !l.startsWith('-----')),
      );
    }
  }
  return forms;
}

/** Decodes a `*-data` field (base64 of PEM); undefined when absent or not text. */
export function decodeData(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return Buffer.from(value, 'base64').toString('utf8');
}

function readCluster(entry: NamedEntry): KubeconfigCluster {
  const server = typeof entry.body.server === 'string' ? entry.body.server : '';
  const caPem = decodeData(entry.body['certificate-authority-data']);
  return { name: entry.name, server, ...(caPem ? { caPem } : {}), fields: entry.body };
}

function readUser(entry: NamedEntry): KubeconfigUser {
  const f = entry.body;
  const certificatePem = decodeData(f['client-certificate-data']);
  const auth: AuthKind = certificatePem
    ? 'client-certificate'
    : typeof f['client-certificate'] === 'string'
      ? 'client-certificate-file'
      : typeof f.token === 'string' || typeof f.tokenFile === 'string'
        ? 'token'
        : typeof f.username === 'string' || typeof f.password === 'string'
          ? 'basic-auth'
          : isRecord(f.exec)
            ? 'exec'
            : isRecord(f['auth-provider'])
              ? 'auth-provider'
              : 'none';
  return { name: entry.name, auth, ...(certificatePem ? { certificatePem } : {}), fields: f };
}

function readContext(entry: NamedEntry): KubeconfigContext {
  const b = entry.body;
  return {
    name: entry.name,
    cluster: typeof b.cluster === 'string' ? b.cluster : '',
    user: typeof b.user === 'string' ? b.user : '',
    ...(typeof b.namespace === 'string' ? { namespace: b.namespace } : {}),
  };
}

interface NamedEntry {
  name: string;
  body: Record<string, unknown>;
}

/** `[{name, <key>: {...}}]` → named bodies; malformed entries are left out. */
function entries(list: unknown, key: string): NamedEntry[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter(isRecord)
    .map((e) => ({ name: typeof e.name === 'string' ? e.name : String(e.name ?? ''), body: isRecord(e[key]) ? { ...e[key] } : {} }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
