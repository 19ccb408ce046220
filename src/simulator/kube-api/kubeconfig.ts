/**
 * kubeconfig files in the two shapes k3s writes to `/etc/rancher/k3s/k3s.yaml`: Basic auth
 * with the server CA embedded (k3s ≤ v1.18: user `admin`, password from `cred/passwd`) and an
 * embedded client certificate and key (v1.19+: `system:admin`). Everything is embedded as
 * `*-data`, so the file stands alone.
 */

/** How the kubeconfig authenticates. */
export type KubeconfigUser = { username: string; password: string } | { clientCertificatePem: string; clientKeyPem: string };

/** What goes into a kubeconfig. */
export interface KubeconfigSpec {
  /** `https://127.0.0.1:6443`. */
  server: string;
  /** The CA that signs the serving certificate, PEM. */
  caPem: string;
  user: KubeconfigUser;
  /** Cluster, user and context name; k3s uses `default`. */
  name?: string;
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

/** The kubeconfig YAML. Values are quoted JSON strings, which YAML reads as they are. */
export function kubeconfigYaml(spec: KubeconfigSpec): string {
  const name = JSON.stringify(spec.name ?? 'default');
  const user =
    'username' in spec.user
      ? [`    username: ${JSON.stringify(spec.user.username)}`, `    password: ${JSON.stringify(spec.user.password)}`]
      : [`    client-certificate-data: ${b64(spec.user.clientCertificatePem)}`, `    client-key-data: ${b64(spec.user.clientKeyPem)}`];
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${b64(spec.caPem)}`,
    `    server: ${JSON.stringify(spec.server)}`,
    `  name: ${name}`,
    'contexts:',
    '- context:',
    `    cluster: ${name}`,
    `    user: ${name}`,
    `  name: ${name}`,
    `current-context: ${name}`,
    'preferences: {}',
    'users:',
    `- name: ${name}`,
    '  user:',
    ...user,
    '',
  ].join('\n');
}
