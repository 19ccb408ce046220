/**
 * TEMPORARY stand-in for the rules half (src/simulator/node/), with the agreed signatures, so
 * the runtime can be built and tested before the rules land. One CA pair, one serving
 * certificate, v1.18 Secret-vs-file behaviour, nothing else. Deleted once the rules land.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BasicAuthUser } from '../kube-api/kube-auth.js';
import type { KubeSecret } from '../kube-api/kube-store.js';
import { kubeconfigYaml } from '../kube-api/kubeconfig.js';
import { issueCertificate } from '../../x509/issue.js';
import { parseK3sVersion, hasCertificateRotate } from '../k3s-version.js';
import type { CertState, CommandOutput, ServingSecretStore, SimNode } from '../node/sim-node.js';

/** What a started server serves and how it reacts (agreed interface). */
export interface ServerRuntime {
  serving(): { cert: string; key: string };
  serverCaPem: string;
  clientCaPem: string;
  basicAuth: BasicAuthUser[];
  onSecretChanged(secret: KubeSecret | undefined, now: Date): Promise<void>;
  tick(now: Date): Promise<void>;
  log: string[];
}

/** A started agent. */
export interface AgentRuntime {
  log: string[];
}

const DAY = 86_400_000;
const days = (now: Date, n: number): Date => new Date(now.getTime() + n * DAY);

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text, { mode: 0o600 });
}

/** Stand-in: CAs, the serving certificate, dynamic-cert.json and k3s.yaml per server. */
export async function writeClusterPki(nodes: readonly SimNode[], state: CertState, now: Date): Promise<KubeSecret> {
  const ca = (cn: string) => issueCertificate({ subject: `CN=${cn}@1700000000`, ca: true, notBefore: days(now, -400), notAfter: days(now, state.caDaysLeft ?? 3200) });
  const serverCa = await ca('k3s-server-ca');
  const clientCa = await ca('k3s-client-ca');
  const sans = [...new Set(nodes.flatMap((n) => n.tlsSans))];
  const serving = await issueCertificate({
    subject: 'CN=k3s, O=k3s', issuer: serverCa, notBefore: days(now, state.servingDaysLeft - 365), notAfter: days(now, state.servingDaysLeft),
    dnsNames: sans.filter((s) => !/^[\d.:]+$/.test(s)), ipAddresses: sans.filter((s) => /^[\d.:]+$/.test(s)),
  });
  const secret: KubeSecret = {
    namespace: 'kube-system', name: 'k3s-serving', type: 'kubernetes.io/tls',
    data: { 'tls.crt': Buffer.from(serving.chainPem).toString('base64'), 'tls.key': Buffer.from(serving.keyPem).toString('base64') },
  };
  for (const node of nodes) {
    const tls = join(node.dataDir, node.role === 'server' ? 'server/tls' : 'agent');
    write(join(tls, 'server-ca.crt'), serverCa.certificatePem);
    write(join(tls, 'client-ca.crt'), clientCa.certificatePem);
    if (node.role !== 'server') continue;
    write(join(tls, 'client-ca.key'), clientCa.keyPem);
    write(join(tls, 'dynamic-cert.json'), JSON.stringify(secret));
    write(join(node.dataDir, 'server/cred/passwd'), 'stand-in-password,admin,admin,system:masters\n');
    write(node.kubeconfigPath, kubeconfigYaml({ server: `https://${node.address}:${node.port}`, caPem: serverCa.certificatePem, user: { username: 'admin', password: 'stand-in-password' } }));
  }
  return secret;
}

/** Stand-in: serve the Secret (re-created from dynamic-cert.json when missing, as v1.18 does). */
export async function startServer(node: SimNode, store: ServingSecretStore, now: Date): Promise<ServerRuntime> {
  const tls = join(node.dataDir, 'server/tls');
  const file = join(tls, 'dynamic-cert.json');
  let current = store.get() ?? (JSON.parse(readFileSync(file, 'utf8')) as KubeSecret);
  if (!store.get()) store.put(current);
  const log = [`Running kube-apiserver (stand-in) on ${node.address}:${node.port} at ${now.toISOString()}`];
  const decode = (s: KubeSecret) => ({ cert: Buffer.from(s.data['tls.crt'] ?? '', 'base64').toString(), key: Buffer.from(s.data['tls.key'] ?? '', 'base64').toString() });
  let served = decode(current);
  return {
    serving: () => served,
    serverCaPem: readFileSync(join(tls, 'server-ca.crt'), 'utf8'),
    clientCaPem: readFileSync(join(tls, 'client-ca.crt'), 'utf8'),
    basicAuth: [{ username: 'admin', password: 'stand-in-password' }],
    async onSecretChanged(secret) {
      if (!secret) { store.put(current); log.push('k3s-serving deleted: re-created from dynamic-cert.json'); return; }
      current = secret;
      served = decode(secret);
      writeFileSync(file, JSON.stringify(secret), { mode: 0o600 });
    },
    async tick() {},
    log,
  };
}

/** Stand-in agent start. */
export async function startAgent(node: SimNode, now: Date): Promise<AgentRuntime> {
  return { log: [`Starting k3s agent (stand-in) ${node.name} at ${now.toISOString()}`] };
}

/** Stand-in `k3s certificate rotate`. */
export async function certificateRotate(node: SimNode, args: readonly string[], _now: Date): Promise<CommandOutput> {
  const v = parseK3sVersion(node.version);
  if (!v || !hasCertificateRotate(v)) return { code: 3, stdout: '', stderr: "No help topic for 'rotate'\n" };
  return { code: 0, stdout: '', stderr: `stand-in rotate ${args.join(' ')}\n` };
}

/** Stand-in `k3s certificate check`. */
export async function certificateCheck(_node: SimNode, _args: readonly string[], _now: Date): Promise<CommandOutput> {
  return { code: 0, stdout: '', stderr: 'stand-in check\n' };
}
