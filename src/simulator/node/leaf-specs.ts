/**
 * Every leaf certificate a simulated node keeps, with its signer, usage, SANs and the
 * `k3s certificate rotate --service` names that cover it (fact sheet §1, §4). File names come
 * from `k3s-file-layout.ts`; this module adds what issuing and rotating need.
 */
import { isIP } from 'node:net';
import { clientLeafSpecs, etcdLeafNames } from '../k3s-file-layout.js';
import { hasComponentServingCerts, type K3sVersion, parseK3sVersion, programOf } from '../k3s-version.js';
import type { SimNode } from './sim-node.js';

/** The CAs, by base name relative to `server/tls`. */
export type CaName = 'client-ca' | 'server-ca' | 'request-header-ca' | 'etcd/server-ca' | 'etcd/peer-ca';

/** One leaf: `<dir>/<file>.crt` + `.key`. */
export interface LeafFileSpec {
  /** Base name relative to `server/tls` (server leaves) or `agent` (agent leaves). */
  file: string;
  cn: string;
  org?: string;
  signer: CaName;
  usage: 'client' | 'server' | 'both';
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
  /** `k3s certificate rotate --service` names that delete this leaf. */
  services: readonly string[];
}

/** The rotate service name for each client leaf base name (§4). */
const CLIENT_LEAF_SERVICE: Readonly<Record<string, string>> = {
  'client-admin': 'admin',
  'client-controller': 'controller-manager',
  'client-scheduler': 'scheduler',
  'client-kube-apiserver': 'api-server',
  'client-kube-proxy': 'kube-proxy',
  'client-k3s-controller': 'k3s-controller',
  'client-rke2-controller': 'rke2-controller',
  'client-cloud-controller': 'cloud-controller',
  'client-k3s-cloud-controller': 'cloud-controller',
  'client-rke2-cloud-controller': 'cloud-controller',
  'client-supervisor': 'supervisor',
};

/** Leaves under `D/server/tls` (and `etcd/`) for this server. */
export function serverLeafSpecs(node: SimNode, v: K3sVersion): LeafFileSpec[] {
  const clients: LeafFileSpec[] = clientLeafSpecs(v).map((c) => ({
    file: c.name,
    cn: c.cn,
    ...(c.org !== undefined ? { org: c.org } : {}),
    signer: 'client-ca',
    usage: 'client',
    services: [CLIENT_LEAF_SERVICE[c.name] ?? c.name],
  }));
  const apiDns = [
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    ...(v.minor >= 19 ? ['kubernetes.default.svc.cluster.local'] : []),
    'localhost',
  ];
  const leaves: LeafFileSpec[] = [
    ...clients,
    { file: 'client-auth-proxy', cn: 'system:auth-proxy', signer: 'request-header-ca', usage: 'client', services: ['auth-proxy'] },
    {
      file: 'serving-kube-apiserver',
      cn: 'kube-apiserver',
      signer: 'server-ca',
      usage: 'server',
      services: ['api-server'],
      dnsNames: apiDns,
      ipAddresses: ['10.43.0.1', '127.0.0.1', node.address].filter((a, i, all) => all.indexOf(a) === i),
    },
  ];
  // kube-controller-manager and kube-scheduler serve on loopback (:10257, :10259).
  if (hasComponentServingCerts(v)) {
    const loopback = { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] };
    leaves.push(
      {
        file: 'kube-controller-manager/kube-controller-manager',
        cn: 'kube-controller-manager',
        signer: 'server-ca',
        usage: 'server',
        services: ['controller-manager'],
        ...loopback,
      },
      {
        file: 'kube-scheduler/kube-scheduler',
        cn: 'kube-scheduler',
        signer: 'server-ca',
        usage: 'server',
        services: ['scheduler'],
        ...loopback,
      },
    );
  }
  const etcdSans = { dnsNames: ['localhost', node.name], ipAddresses: [...new Set(['127.0.0.1', node.address])] };
  for (const name of etcdLeafNames(v)) {
    if (name === 'etcd/client')
      leaves.push({ file: name, cn: 'etcd-client', signer: 'etcd/server-ca', usage: 'client', services: ['etcd'] });
    else if (name === 'etcd/server-client')
      leaves.push({ file: name, cn: 'etcd-server', signer: 'etcd/server-ca', usage: 'both', services: ['etcd'], ...etcdSans });
    else leaves.push({ file: name, cn: 'etcd-peer', signer: 'etcd/peer-ca', usage: 'both', services: ['etcd'], ...etcdSans });
  }
  return leaves;
}

/** Leaves under `D/agent` (agents, and servers' embedded agent); §1 agent list, §6. */
export function agentLeafSpecs(node: SimNode): LeafFileSpec[] {
  const sans = [...new Set([node.name, 'localhost', '127.0.0.1', node.address])];
  const v = parseK3sVersion(node.version);
  const p = v ? programOf(v) : 'k3s';
  return [
    { file: 'serving-kubelet', cn: node.name, signer: 'server-ca', usage: 'server', services: ['kubelet'], ...splitSans(sans) },
    {
      file: 'client-kubelet',
      cn: `system:node:${node.name}`,
      org: 'system:nodes',
      signer: 'client-ca',
      usage: 'client',
      services: ['kubelet'],
    },
    { file: 'client-kube-proxy', cn: 'system:kube-proxy', signer: 'client-ca', usage: 'client', services: ['kube-proxy'] },
    { file: `client-${p}-controller`, cn: `system:${p}-controller`, signer: 'client-ca', usage: 'client', services: [`${p}-controller`] },
  ];
}

/** The kubelet certificates an agent gets afresh on every start (§6); the others are renewed only inside the window. */
export const ALWAYS_REISSUED_AGENT_LEAVES: ReadonlySet<string> = new Set(['serving-kubelet', 'client-kubelet']);

/** Splits SANs into DNS names and IP addresses. */
export function splitSans(sans: readonly string[]): { dnsNames: string[]; ipAddresses: string[] } {
  return { dnsNames: sans.filter((s) => isIP(s) === 0), ipAddresses: sans.filter((s) => isIP(s) !== 0) };
}
