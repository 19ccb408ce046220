/**
 * The inventory of a simulated cluster in k3s-ansible's layout (groups `server` and `agent`
 * under `k3s_cluster`), with the per-host variables the k3s playbooks read; an RKE2 cluster in
 * rancherfederal/rke2-ansible's (`rke2_servers` and `rke2_agents` under `rke2_cluster`) with
 * lablabs/ansible-role-rke2's variable names (`rke2_data_path`, `rke2_api_ip`, `rke2_version`).
 * One writer for the demo and the test harness, which differ only in how each node is reached
 * and in group vars.
 */
import type { SimNode } from '../node/sim-node.js';

/** How certbook reaches one node over SSH. */
export interface InventoryEndpoint {
  host: string;
  port: number;
  /** Per-host private key, when the nodes do not share one. */
  keyFile?: string;
}

/** What differs between inventories. */
export interface ClusterInventoryOptions {
  /** The first line's comment. */
  title: string;
  endpoint(node: SimNode): InventoryEndpoint;
  /** Variables of `k3s_cluster` (user, key, ssh args, become …), written in order. */
  groupVars: Readonly<Record<string, string | boolean>>;
}

/** The inventory YAML (values quoted as JSON, which YAML reads as they are). */
export function clusterInventoryYaml(nodes: readonly SimNode[], options: ClusterInventoryOptions): string {
  const q = (v: string | number | boolean): string => JSON.stringify(v);
  const rke2 = nodes.some((n) => /\+rke2r\d+$/.test(n.version));
  const host = (n: SimNode): string[] => {
    const e = options.endpoint(n);
    const connection = [
      `        ${n.name}:`,
      `          ansible_host: ${q(e.host)}`,
      `          ansible_port: ${e.port}`,
      ...(e.keyFile !== undefined ? [`          ansible_ssh_private_key_file: ${q(e.keyFile)}`] : []),
    ];
    // RKE2's ports are its defaults (9345, 6443); each server is reached on its own address
    // (rke2_api_ip, used on the server it names); the kubeconfig lives in the node's directory.
    if (rke2) {
      return [
        ...connection,
        `          rke2_data_path: ${q(n.dataDir)}`,
        `          rke2_api_ip: ${q(n.address)}`,
        ...(n.role === 'server' ? [`          k3s_kubeconfig: ${q(n.kubeconfigPath)}`] : []),
        `          rke2_version: ${q(n.version)}`,
      ];
    }
    return [
      ...connection,
      `          k3s_data_dir: ${q(n.dataDir)}`,
      `          k3s_https_port: ${n.port}`,
      `          k3s_api_address: ${q(n.address)}`,
      ...(n.role === 'server' ? [`          k3s_kubeconfig: ${q(n.kubeconfigPath)}`] : []),
      `          k3s_version: ${q(n.version)}`,
    ];
  };
  const group = (name: string, members: SimNode[]): string[] => [
    `    ${name}:`,
    ...(members.length ? ['      hosts:', ...members.flatMap(host)] : ['      hosts: {}']),
  ];
  return [
    `# ${options.title}`,
    rke2 ? 'rke2_cluster:' : 'k3s_cluster:',
    '  children:',
    ...group(
      rke2 ? 'rke2_servers' : 'server',
      nodes.filter((n) => n.role === 'server'),
    ),
    ...group(
      rke2 ? 'rke2_agents' : 'agent',
      nodes.filter((n) => n.role === 'agent'),
    ),
    '  vars:',
    ...Object.entries(options.groupVars).map(([k, v]) => `    ${k}: ${q(v)}`),
    '',
  ].join('\n');
}
