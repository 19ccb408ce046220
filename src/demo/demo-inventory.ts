/**
 * The demo fleet's inventory, in k3s-ansible's layout (groups `server` and `agent` under
 * `k3s_cluster`), with the per-host variables the k3s playbooks read. The demo runs as the
 * current user, so `ansible_become: false`: inventory connection variables outrank the
 * playbooks' `become: true`, as in Ansible.
 */
import type { SimNode } from '../simulator/node/sim-node.js';
import { clusterInventoryYaml } from '../simulator/runtime/cluster-inventory.js';

/** How to reach the nodes. */
export interface DemoReach {
  user: string;
  keyFile: string;
  knownHostsFile: string;
  portOf(address: string): number;
}

/** The inventory YAML for `nodes`. */
export function demoInventory(nodes: readonly SimNode[], reach: DemoReach): string {
  return clusterInventoryYaml(nodes, {
    title: "The certbook demo fleet: a simulated k3s cluster on loopback, in k3s-ansible's layout.",
    endpoint: (n) => ({ host: n.address, port: reach.portOf(n.address) }),
    groupVars: {
      ansible_user: reach.user,
      ansible_ssh_private_key_file: reach.keyFile,
      ansible_ssh_common_args: `-o UserKnownHostsFile=${reach.knownHostsFile}`,
      ansible_become: false,
    },
  });
}
