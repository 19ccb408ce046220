/**
 * Which certificate files a k3s server keeps under `D/server/tls`, per
 * version (fact sheet §1). Names only; issuing them is the data-dir writer's job.
 */
import { type K3sVersion, programOf } from './k3s-version.js';

/** One client leaf: base file name (`<name>.crt`/`.key`), subject CN and O. */
export interface ClientLeafSpec {
  readonly name: string;
  readonly cn: string;
  readonly org?: string;
}

/** CA base names (relative to `server/tls`): three always, the etcd pair from v1.19. */
export function serverCaNames(v: K3sVersion): readonly string[] {
  const cas = ['client-ca', 'server-ca', 'request-header-ca'];
  return v.minor >= 19 ? [...cas, 'etcd/server-ca', 'etcd/peer-ca'] : cas;
}

/** Client leaves signed by the client CA, as the version names them. */
export function clientLeafSpecs(v: K3sVersion): readonly ClientLeafSpec[] {
  // RKE2 names its own controllers after itself (k3s deps.go: "client-"+version.Program+"-controller").
  const p = programOf(v);
  const leaves: ClientLeafSpec[] = [
    { name: 'client-admin', cn: 'system:admin', org: 'system:masters' },
    { name: 'client-controller', cn: 'system:kube-controller-manager' },
    { name: 'client-scheduler', cn: 'system:kube-scheduler' },
    v.minor <= 21
      ? { name: 'client-kube-apiserver', cn: 'kube-apiserver' }
      : { name: 'client-kube-apiserver', cn: 'system:apiserver', org: 'system:masters' },
    { name: 'client-kube-proxy', cn: 'system:kube-proxy' },
    { name: `client-${p}-controller`, cn: `system:${p}-controller` },
    v.minor <= 20
      ? { name: 'client-cloud-controller', cn: 'cloud-controller-manager' }
      : { name: `client-${p}-cloud-controller`, cn: `${p}-cloud-controller-manager` },
  ];
  // PR #7616 (2023) added the supervisor client; the fact sheet puts it from v1.28 on.
  if (v.minor >= 28) leaves.push({ name: 'client-supervisor', cn: `system:${p}-supervisor`, org: 'system:masters' });
  return leaves;
}

/** etcd leaves (v1.19+), relative to `server/tls`. */
export function etcdLeafNames(v: K3sVersion): readonly string[] {
  return v.minor >= 19 ? ['etcd/client', 'etcd/server-client', 'etcd/peer-server-client'] : [];
}

/** True when k3s.yaml uses basic auth (≤v1.18) rather than an embedded client cert. */
export function kubeconfigUsesBasicAuth(v: K3sVersion): boolean {
  return v.minor <= 18;
}
