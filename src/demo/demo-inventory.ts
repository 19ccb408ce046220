/**
 * The demo fleet's inventory, in k3s-ansible's layout (groups `server` and `agent` under
 * `k3s_cluster`), with the per-host variables the k3s playbooks read. The demo runs as the
 * current user, so `ansible_become: false`: inventory connection variables outrank the
 * playbooks' `become: true`, as in Ansible.
 */
import type { SimNode } from '../simulator/node/sim-node.js';

/** How to reach the nodes. */
export interface DemoReach {
  user: string;
  keyFile: string;
  knownHostsFile: string;
  portOf(address: string): number;
}

/** The inventory YAML for `nodes`. */
export function demoInventory(nodes: readonly SimNode[], reach: DemoReach): string {
  const q = (v: string | number): string => JSON.stringify(v);
  const host = (n: SimNode): string[] => [
    `        ${n.name}:`,
    `          ansible_host: ${q(n.address)}`,
    `          ansible_port: ${reach.portOf(n.address)}`,
    `          k3s_data_dir: ${q(n.dataDir)}`,
    `          k3s_https_port: ${n.port}`,
    `          k3s_api_address: ${q(n.address)}`,
    ...(n.role === 'server' ? [`          k3s_kubeconfig: ${q(n.kubeconfigPath)}`] : []),
  ];
  const group = (name: string, members: SimNode[]): string[] =>
    [`    ${name}:`, ...(members.length ? ['      hosts:', ...members.flatMap(host)] : ['      hosts: {}'])];
  return [
    '# The certbook demo fleet: a simulated k3s cluster on loopback, in k3s-ansible\'s layout.',
    'k3s_cluster:',
    '  children:',
    ...group('server', nodes.filter((n) => n.role === 'server')),
    ...group('agent', nodes.filter((n) => n.role === 'agent')),
    '  vars:',
    `    ansible_user: ${q(reach.user)}`,
    `    ansible_ssh_private_key_file: ${q(reach.keyFile)}`,
    `    ansible_ssh_common_args: ${q(`-o UserKnownHostsFile=${reach.knownHostsFile}`)}`,
    '    ansible_become: false',
    '',
  ].join('\n');
}
