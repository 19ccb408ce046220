/**
 * Where everything of a simulated cluster lives on disk (docs/simulator.md, "A cluster on
 * disk"). Paths only: one place that knows the layout, so the node process, the shell shims and
 * `startSimulatedCluster` cannot disagree.
 */
import { join } from 'node:path';

/** The files of one node under `<root>/nodes/<name>/`. */
export interface NodePaths {
  dir: string;
  nodeJson: string;
  dataDir: string;
  /** k3s's admin kubeconfig (`/etc/rancher/k3s/k3s.yaml` on a real node); an RKE2 node's is `etc/rke2.yaml` (its `kubeconfigPath`). */
  kubeconfig: string;
  bin: string;
  run: string;
  /** The pid of the OS process hosting the node while it runs. */
  pidFile: string;
  /** Written once the node serves (servers) or has joined (agents): systemd's READY=1. */
  readyFile: string;
  /** Written when a start failed, with the reason (systemd's `failed` state). */
  failedFile: string;
  /** Written by `systemctl stop`: the hosting process stops this node. */
  stopRequestFile: string;
  /** The k3s log (journal of the unit). */
  logFile: string;
  /** Present while the unit is enabled at boot. */
  enabledFile: string;
  /** Fault: the next start fails (consumed by that start). */
  failNextStartFile: string;
  /** Fault: every start fails while present. */
  failStartFile: string;
  /** Fault: the SSH connection asking for the next start drops (`session`) or its sshd dies (`sshd`). */
  dropConnectionOnStartFile: string;
  /** Fault (tests): `hold(point)` makes a command wait at `point` while present; `held(point)` says one does (its pid). */
  hold(point: HoldPoint): string;
  held(point: HoldPoint): string;
  /** Present until the first start: that start resumes a node that has been running all along (no start-up renewals). */
  resumeFile: string;
  /** HOME of `k3s kubectl` (its discovery cache). */
  kubeHome: string;
}

/** Where an operator command can be held (`run/hold-<point>`, docs/simulator.md). */
export type HoldPoint = 'start' | 'stop' | 'restart' | 'certificate-rotate' | 'kubectl';

/** The cluster-wide files under `<root>/`. */
export interface ClusterPaths {
  root: string;
  clusterJson: string;
  datastore: string;
  nodesDir: string;
  /** Shell functions the per-node shims source. */
  shimLib: string;
}

/** The cluster-wide paths of the cluster at `root`. */
export function clusterPaths(root: string): ClusterPaths {
  return {
    root,
    clusterJson: join(root, 'cluster.json'),
    datastore: join(root, 'datastore.json'),
    nodesDir: join(root, 'nodes'),
    shimLib: join(root, 'lib', 'k3s-sim.sh'),
  };
}

/** The paths of node `name` in the cluster at `root`. */
export function nodePaths(root: string, name: string): NodePaths {
  const dir = join(root, 'nodes', name);
  const run = join(dir, 'run');
  return {
    dir,
    nodeJson: join(dir, 'node.json'),
    dataDir: join(dir, 'data'),
    kubeconfig: join(dir, 'etc', 'k3s.yaml'),
    bin: join(dir, 'bin'),
    run,
    pidFile: join(run, 'k3s.pid'),
    readyFile: join(run, 'ready'),
    failedFile: join(run, 'failed'),
    stopRequestFile: join(run, 'stop-request'),
    logFile: join(run, 'k3s.log'),
    enabledFile: join(run, 'enabled'),
    failNextStartFile: join(run, 'fail-next-start'),
    failStartFile: join(run, 'fail-start'),
    dropConnectionOnStartFile: join(run, 'drop-connection-on-start'),
    hold: (point) => join(run, `hold-${point}`),
    held: (point) => join(run, `held-${point}`),
    resumeFile: join(run, 'resume'),
    kubeHome: join(run, 'kube-home'),
  };
}
