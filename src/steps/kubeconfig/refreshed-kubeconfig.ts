/**
 * The kubeconfig `kubeconfig_fetch` writes: k3s's admin kubeconfig (one cluster, one user, one
 * context, all named `default`) with its cluster, user and context renamed and its server URL
 * replaced, everything else (the embedded CA, the client certificate and key, or k3s ≤ v1.18's
 * user and password) kept as k3s wrote it. The text depends only on its inputs, so an unchanged
 * k3s.yaml gives the same bytes and the file is not rewritten.
 */
import { stringify } from 'yaml';
import type { Kubeconfig } from './kubeconfig-document.js';

/** How to rename and re-point the kubeconfig. */
export interface Refresh {
  /** Cluster, user and context name; the file's own (k3s: `default`) when absent. */
  name?: string;
  /** The API URL; the file's own when absent. */
  server?: string;
}

/** The refreshed YAML, or why the file is not an admin kubeconfig certbook can refresh. */
export function refreshedKubeconfig(source: Kubeconfig, refresh: Refresh): { text: string; name: string; server: string } | string {
  const { clusters, users, contexts } = source;
  if (clusters.length !== 1 || users.length !== 1 || contexts.length > 1) {
    return (
      `holds ${clusters.length} cluster(s), ${users.length} user(s) and ${contexts.length} context(s); ` +
      'an admin kubeconfig as k3s writes it has one of each'
    );
  }
  const cluster = clusters[0]!;
  const user = users[0]!;
  const name = refresh.name ?? contexts[0]?.name ?? cluster.name;
  const server = refresh.server ?? cluster.server;
  const namespace = contexts[0]?.namespace;
  // kubectl's own key order (`kubectl config view` sorts keys), so a merged file reads alike.
  const doc = {
    apiVersion: 'v1',
    clusters: [{ cluster: { ...cluster.fields, server }, name }],
    contexts: [{ context: { cluster: name, ...(namespace ? { namespace } : {}), user: name }, name }],
    'current-context': name,
    kind: 'Config',
    preferences: {},
    users: [{ name, user: user.fields }],
  };
  const header = `# The admin kubeconfig of k3s cluster ${JSON.stringify(name)}, written by certbook from the cluster's own. It holds the admin's key: keep it 0600.\n`;
  return { text: header + stringify(doc, { lineWidth: 0, minContentWidth: 0 }), name, server };
}
