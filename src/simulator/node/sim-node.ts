/**
 * The contract between the k3s simulator's rules (what k3s does to its files, its Secret and
 * its served certificate at start, while running, and in `k3s certificate …`) and its runtime
 * (the processes, the operator commands on PATH, the shared datastore file). Rules live in
 * `src/simulator/node/`, the runtime in `src/simulator/runtime/`; see `docs/simulator.md`.
 */
import type { KubeSecret } from '../kube-api/kube-store.js';

/** One simulated k3s node, as written to `<cluster>/nodes/<name>/node.json`. */
export interface SimNode {
  /** Node name (hostname), also the Node object's name. */
  name: string;
  role: 'server' | 'agent';
  /** The k3s release this node runs, e.g. `v1.18.6+k3s1`. */
  version: string;
  /** The loopback address the node's sshd and (servers) API listen on, e.g. `127.0.0.2`. */
  address: string;
  /** The supervisor port, dynamiclistener's (k3s: 6443, also the API; RKE2: 9345; the simulator may use another, shared by the cluster). */
  port: number;
  /** RKE2: the kube-apiserver's own port (6443), serving `server/tls/serving-kube-apiserver.crt`; absent on k3s. */
  apiPort?: number;
  /** The k3s data dir (`/var/lib/rancher/k3s` on a real node). */
  dataDir: string;
  /** Where k3s writes its admin kubeconfig (`/etc/rancher/k3s/k3s.yaml`, RKE2 `/etc/rancher/rke2/rke2.yaml`, on a real node); servers only. */
  kubeconfigPath: string;
  /** Agents: the data dir of the server that signs their certificates (stands in for the join token + supervisor). */
  serverDataDir?: string;
  /** Agents: `https://address:port` of the server they join. */
  serverUrl?: string;
  /** Every name and IP the serving certificate must cover (all server addresses, 127.0.0.1, localhost, kubernetes*). */
  tlsSans: readonly string[];
}

/**
 * A starting state, in days relative to "now" (negative: already expired that many days ago).
 * The seed's scenarios: `{ leafDaysLeft: 30, servingDaysLeft: 30 }` (inside the window),
 * `{ leafDaysLeft: -10, servingDaysLeft: -10 }` (everything expired),
 * `{ leafDaysLeft: 300, servingDaysLeft: -10 }` (serving expired, files fresh).
 */
export interface CertState {
  leafDaysLeft: number;
  servingDaysLeft: number;
  /** CA lifetime left; default 10 years minus a year and change. */
  caDaysLeft?: number;
}

/** The cluster-wide `kube-system/k3s-serving` Secret as one server sees the datastore. */
export interface ServingSecretStore {
  get(): KubeSecret | undefined;
  put(secret: KubeSecret): void;
  delete(): void;
}

/** What an operator command prints and returns. */
export interface CommandOutput {
  code: number;
  stdout: string;
  stderr: string;
}
