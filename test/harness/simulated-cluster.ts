/**
 * A simulated k3s cluster reachable over real SSH, as the k3s playbooks see a fleet: each node's
 * address gets a real OpenSSH sshd (test/harness/sshd.ts; one sshd per 16 nodes, its socket
 * limit) whose `Match LocalAddress <node address>` block puts the node's commands first on PATH
 * (`SetEnv PATH=<root>/nodes/<name>/bin:…`), plus an inventory in k3s-ansible's layout.
 *
 * Log in as `opsUser` (`certbook-ops`): passwordless sudo with `!secure_path`, so `become: true`
 * keeps the session PATH and `sudo systemctl restart k3s` reaches the node's own systemctl, the
 * way it reaches /usr/local/bin/k3s on a real node. Needs root (users, sshd, sudoers).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimNode } from '../../src/simulator/node/sim-node.js';
import { clusterInventoryYaml } from '../../src/simulator/runtime/cluster-inventory.js';
import {
  type SimulatedCluster,
  type SimulatedClusterOptions,
  startSimulatedCluster,
} from '../../src/simulator/runtime/simulated-cluster.js';
import { startSshd, type TestSshd } from './sshd.js';

/** The PATH a node's SSH session gets after its own commands (Debian's default). */
export const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Where one node is reached. */
export interface SshEndpoint {
  host: string;
  port: number;
  keyFile: string;
}

/** A cluster plus the sshds in front of it. */
export interface SimulatedFleet {
  cluster: SimulatedCluster;
  /** The SSH user for every node (passwordless sudo keeping PATH). */
  user: string;
  /** One known_hosts file naming every node's address. */
  knownHostsFile: string;
  /** The inventory file (YAML, k3s-ansible layout) and its text. */
  inventoryFile: string;
  inventory: string;
  endpoint(node: SimNode | string): SshEndpoint;
  /** Runs `command` on the node with the OpenSSH client, as `user`. */
  ssh(node: SimNode | string, command: string): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Stops the sshds and the cluster, removes every directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** Fleet-only options. */
export interface FleetOptions {
  /** Nodes behind one sshd (default and maximum 16); 1 lets a test kill one node's sshd alone. */
  nodesPerSshd?: number;
}

/** Starts a simulated cluster and sshds in front of its nodes. */
export async function startSimulatedFleet(options: SimulatedClusterOptions & FleetOptions): Promise<SimulatedFleet> {
  const { nodesPerSshd: perSshd = 16, ...clusterOptions } = options;
  const cluster = await startSimulatedCluster(clusterOptions);
  const sshds: TestSshd[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'certbook-fleet-'));
  try {
    for (let i = 0; i < cluster.nodes.length; i += perSshd) {
      const group = cluster.nodes.slice(i, i + perSshd);
      sshds.push(
        await startSshd({
          listenAddresses: group.map((n) => n.address),
          // Match blocks last: every line after `Match` belongs to it.
          appendConfig: group.flatMap((n) => [`Match LocalAddress ${n.address}`, `    SetEnv PATH=${cluster.binDir(n)}:${SYSTEM_PATH}`]),
        }),
      );
    }
  } catch (err) {
    for (const s of sshds) await s.stop();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const byNode = new Map<string, SshEndpoint>();
  cluster.nodes.forEach((n, i) => {
    const sshd = sshds[Math.floor(i / perSshd)]!;
    byNode.set(n.name, { host: n.address, port: sshd.port, keyFile: sshd.keyFile });
  });
  const knownHostsFile = join(dir, 'known_hosts');
  writeFileSync(
    knownHostsFile,
    cluster.nodes
      .map((n, i) => `[${n.address}]:${sshds[Math.floor(i / perSshd)]!.port} ${sshds[Math.floor(i / perSshd)]!.hostPublicKey}\n`)
      .join(''),
  );
  const user = sshds[0]!.opsUser;
  const endpoint = (n: SimNode | string): SshEndpoint => {
    const e = byNode.get(typeof n === 'string' ? n : n.name);
    if (!e) throw new Error(`no node ${String(typeof n === 'string' ? n : n.name)}`);
    return e;
  };
  const inventory = inventoryYaml(cluster, endpoint, user, knownHostsFile);
  const inventoryFile = join(dir, 'inventory.yaml');
  writeFileSync(inventoryFile, inventory);
  let stopped = false;
  return {
    cluster,
    user,
    knownHostsFile,
    inventoryFile,
    inventory,
    endpoint,
    ssh: (n, command) => sshRun(endpoint(n), user, knownHostsFile, command),
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const s of sshds) await s.stop();
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The inventory: groups `server` and `agent` under `k3s_cluster`, per-host connection and k3s vars. */
function inventoryYaml(cluster: SimulatedCluster, endpoint: (n: SimNode) => SshEndpoint, user: string, knownHosts: string): string {
  return clusterInventoryYaml(cluster.nodes, {
    title: "A simulated k3s cluster (certbook test harness), in k3s-ansible's layout.",
    endpoint,
    groupVars: { ansible_user: user, ansible_ssh_common_args: `-o UserKnownHostsFile=${knownHosts}` },
  });
}

function sshRun(
  e: SshEndpoint,
  user: string,
  knownHosts: string,
  command: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const args = [
    '-q',
    '-p',
    String(e.port),
    '-i',
    e.keyFile,
    '-o',
    'BatchMode=yes',
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${knownHosts}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    'ConnectTimeout=10',
    `${user}@${e.host}`,
    command,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
