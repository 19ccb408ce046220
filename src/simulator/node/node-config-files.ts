/**
 * The non-certificate files k3s keeps beside its certificates (fact sheet §1): the key-only
 * files (`service.key` RSA-2048, the kubelet signing keys), `server/cred/` (component
 * kubeconfigs that reference certificate files by path, and v1.18's `passwd`), `server/token`,
 * the agent's kubeconfigs, and the admin kubeconfig `k3s.yaml`, rewritten at every server start.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeys, keyPem } from '../../x509/issue.js';
import { kubeconfigUsesBasicAuth } from '../k3s-file-layout.js';
import { type K3sVersion, parseK3sVersion, programOf } from '../k3s-version.js';
import { kubeconfigYaml } from '../kube-api/kubeconfig.js';
import { agentDir, readIfExists, serverTlsDir, writePrivate } from './node-files.js';
import type { SimNode } from './sim-node.js';

/** Creates the key-only files of `server/tls` that are missing. */
export async function ensureServerKeyFiles(node: SimNode): Promise<void> {
  const tls = serverTlsDir(node);
  const wanted: Array<[string, 'rsa-2048' | 'ecdsa-p256']> = [
    ['service.key', 'rsa-2048'],
    ['client-kubelet.key', 'ecdsa-p256'],
    ['serving-kubelet.key', 'ecdsa-p256'],
  ];
  await Promise.all(
    wanted
      .filter(([f]) => !existsSync(join(tls, f)))
      .map(async ([f, alg]) => writePrivate(join(tls, f), await keyPem(await generateKeys(alg)))),
  );
}

/** A kubeconfig that points at files, as k3s writes `cred/*.kubeconfig`. */
function fileKubeconfig(server: string, ca: string, cert: string, key: string): string {
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority: ${ca}`,
    `    server: ${server}`,
    '  name: local',
    'contexts:',
    '- context:',
    '    cluster: local',
    '    namespace: default',
    '    user: user',
    '  name: Default',
    'current-context: Default',
    'kind: Config',
    'preferences: {}',
    'users:',
    '- name: user',
    '  user:',
    `    client-certificate: ${cert}`,
    `    client-key: ${key}`,
    '',
  ].join('\n');
}

/** Writes `server/cred/` (kubeconfigs, v1.18 `passwd`) and `server/token` when missing. */
export function ensureServerCred(node: SimNode, v: K3sVersion): void {
  const tls = serverTlsDir(node);
  const cred = join(node.dataDir, 'server', 'cred');
  const local = 'https://127.0.0.1:6444';
  const components: Array<[string, string]> = [
    ['admin', 'client-admin'],
    ['controller', 'client-controller'],
    ['scheduler', 'client-scheduler'],
    ['api-server', 'client-kube-apiserver'],
    ['cloud-controller', v.minor <= 20 ? 'client-cloud-controller' : `client-${programOf(v)}-cloud-controller`],
  ];
  if (v.minor >= 28) components.push(['supervisor', 'client-supervisor']);
  for (const [name, leaf] of components) {
    const file = join(cred, `${name}.kubeconfig`);
    if (!existsSync(file))
      writePrivate(file, fileKubeconfig(local, join(tls, 'server-ca.crt'), join(tls, `${leaf}.crt`), join(tls, `${leaf}.key`)));
  }
  if (kubeconfigUsesBasicAuth(v) && !existsSync(join(cred, 'passwd'))) {
    // k3s v1.18 `cred/passwd`: password,user,uid,group lines.
    writePrivate(
      join(cred, 'passwd'),
      `${randomBytes(16).toString('hex')},admin,admin,system:masters\n${randomBytes(16).toString('hex')},system,system,system:masters\n`,
    );
  }
  const token = join(node.dataDir, 'server', 'token');
  if (!existsSync(token)) writePrivate(token, `K10${randomBytes(32).toString('hex')}::server:${randomBytes(16).toString('hex')}\n`);
}

/** The admin password of a v1.18 server (`cred/passwd`, user `admin`), if any. */
export function adminPassword(node: SimNode): string | undefined {
  const passwd = readIfExists(join(node.dataDir, 'server', 'cred', 'passwd')) ?? '';
  return passwd
    .split('\n')
    .map((l) => l.split(','))
    .find((f) => f[1] === 'admin')?.[0];
}

/** Rewrites the node's `k3s.yaml` (every server start, §2): Basic auth on ≤v1.18, client certificate from v1.19. */
export function writeAdminKubeconfig(node: SimNode, v: K3sVersion): void {
  const tls = serverTlsDir(node);
  const caPem = readIfExists(join(tls, 'server-ca.crt')) ?? '';
  // RKE2's kubeconfig points at the kube-apiserver (6443), not at the supervisor (9345).
  const server = `https://${node.address}:${node.apiPort ?? node.port}`;
  const password = adminPassword(node);
  const user =
    kubeconfigUsesBasicAuth(v) && password !== undefined
      ? { username: 'admin', password }
      : {
          clientCertificatePem: readIfExists(join(tls, 'client-admin.crt')) ?? '',
          clientKeyPem: readIfExists(join(tls, 'client-admin.key')) ?? '',
        };
  writePrivate(node.kubeconfigPath, kubeconfigYaml({ server, caPem, user }));
}

/** The agent's kubeconfigs (`kubelet`, `kubeproxy`, `k3scontroller`), pointing at its files. */
export function ensureAgentKubeconfigs(node: SimNode): void {
  const dir = agentDir(node);
  const local = 'https://127.0.0.1:6444';
  const v = parseK3sVersion(node.version);
  const p = v ? programOf(v) : 'k3s';
  for (const [name, leaf] of [
    ['kubelet', 'client-kubelet'],
    ['kubeproxy', 'client-kube-proxy'],
    [`${p}controller`, `client-${p}-controller`],
  ] as const) {
    const file = join(dir, `${name}.kubeconfig`);
    if (!existsSync(file))
      writePrivate(file, fileKubeconfig(local, join(dir, 'server-ca.crt'), join(dir, `${leaf}.crt`), join(dir, `${leaf}.key`)));
  }
}
