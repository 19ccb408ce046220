/**
 * What differs between a simulated k3s node and a simulated RKE2 node, in one place. RKE2 runs
 * k3s's own server, agent and certificate code under its program name (`version.Program`), so
 * the differences are names, ports and where things live (docs/rke2-cert-facts.md, §1–§3):
 *
 * | | k3s | RKE2 |
 * |---|---|---|
 * | command | `k3s` | `rke2` |
 * | units | `k3s`, `k3s-agent` | `rke2-server`, `rke2-agent` |
 * | serving Secret | `kube-system/k3s-serving` | `kube-system/rke2-serving` |
 * | dynamiclistener (supervisor) | :6443, also the API | :9345 |
 * | kube-apiserver | behind the supervisor (127.0.0.1:6444) | :6443, static pod serving `server/tls/serving-kube-apiserver.crt` |
 * | admin kubeconfig | `/etc/rancher/k3s/k3s.yaml` | `/etc/rancher/rke2/rke2.yaml` |
 * | kubectl | `k3s kubectl` | `<data-dir>/bin/kubectl` |
 */
import { type K3sVersion, type Program, programOf } from './k3s-version.js';

/** The names and ports of one distribution. */
export interface Distribution {
  readonly program: Program;
  /** The Secret dynamiclistener keeps the supervisor's serving certificate in (namespace kube-system). */
  readonly servingSecret: string;
  readonly serverUnit: string;
  readonly agentUnit: string;
  /** The supervisor (dynamiclistener) port. */
  readonly supervisorPort: number;
  /** The kube-apiserver's own port where it is not behind the supervisor (RKE2); undefined for k3s. */
  readonly apiPort: number | undefined;
  /** The admin kubeconfig's file name (`k3s.yaml`, `rke2.yaml`). */
  readonly kubeconfigName: string;
  /** The unit's description, as `systemctl status` prints it. */
  readonly description: string;
}

const K3S: Distribution = {
  program: 'k3s',
  servingSecret: 'k3s-serving',
  serverUnit: 'k3s',
  agentUnit: 'k3s-agent',
  supervisorPort: 6443,
  apiPort: undefined,
  kubeconfigName: 'k3s.yaml',
  description: 'Lightweight Kubernetes',
};

const RKE2: Distribution = {
  program: 'rke2',
  servingSecret: 'rke2-serving',
  serverUnit: 'rke2-server',
  agentUnit: 'rke2-agent',
  supervisorPort: 9345,
  apiPort: 6443,
  kubeconfigName: 'rke2.yaml',
  description: 'Rancher Kubernetes Engine v2',
};

/** The distribution of a release (`+rke2rN` is RKE2, anything else k3s). */
export function distributionOf(v: K3sVersion): Distribution {
  return programOf(v) === 'rke2' ? RKE2 : K3S;
}
