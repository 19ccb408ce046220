/**
 * Fleets of several simulated k3s clusters behind real sshds, and their inventories in the
 * shapes users have (issue #12):
 *
 * - `files`: one file per cluster in k3s-ansible's layout, passed as several `-i`;
 * - `dir`:   the same files in one directory (`-i dir/`);
 * - `merged`: one file whose `server` and `agent` groups span every cluster.
 *
 * Each cluster is its own `startSimulatedFleet()` (its servers, agents, version(s) and state,
 * its own sshd), on one block of loopback addresses shared by the whole fleet so that the
 * clusters of one fleet never collide. Node names repeat across clusters (`server-1` in each:
 * they are the Kubernetes node names); inventory host names are prefixed per cluster
 * (`c1-server-1`), or are the node's address in k3s-ansible's sample style. `k3s_node_name` is
 * never written: the playbooks must find a node's name on the node.
 *
 * Inventory options: old group names (`master`/`node`), INI instead of YAML, no `agent` group
 * where a cluster has no agents, k3s-ansible's sample style (hosts named by IP, its variables
 * `k3s_server_location`, `api_port`, `k3s_version`, `api_endpoint`), `k3s_cluster_name`.
 *
 * Variables that differ between clusters are host variables: group variables of the same group
 * (`k3s_cluster`) in several files merge, and the last file would win for every cluster. The
 * group variables written (SSH user, one known_hosts file for the whole fleet) are the same in
 * every file.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeSecret } from '../../src/simulator/kube-api/kube-store.js';
import type { SimNode } from '../../src/simulator/node/sim-node.js';
import { canBind, randomLoopbackAddresses } from '../../src/simulator/runtime/cluster-addresses.js';
import type { SimulatedCluster, SimulatedClusterOptions } from '../../src/simulator/runtime/simulated-cluster.js';
import { type NodeSnapshot, snapshotNode, withoutServingCopy } from '../playbooks/fleet-state.js';
import { type SimulatedFleet, startSimulatedFleet } from './simulated-cluster.js';
import { tempDir } from './temp-dir.js';

/** One cluster of the fleet. */
export interface ClusterSpec extends Omit<SimulatedClusterOptions, 'addresses' | 'root' | 'keep' | 'start'> {
  /** The cluster's prefix in inventory host names (`c1` → `c1-server-1`) and its file name. */
  name: string;
  /** Written as the host variable `k3s_cluster_name` on every node of the cluster. */
  clusterName?: string;
}

/** How the inventories are written. */
export type InventoryShape = 'files' | 'dir' | 'merged';

export interface InventoryOptions {
  /** The group names (default `server`/`agent`; k3s-ansible before 2023: `master`/`node`). */
  groups?: { server: string; agent: string };
  /** Leave the agent group out of a file that holds no agent (default: an empty group is written). */
  omitEmptyAgentGroup?: boolean;
  /** `certbook` (default: prefixed names, certbook's variables) or k3s-ansible's sample (hosts named by IP, its variables). */
  style?: 'certbook' | 'k3s-ansible-sample';
  /** YAML (default) or INI. */
  format?: 'yaml' | 'ini';
  /** Only these clusters (by spec name), in this order; default all. */
  clusters?: readonly string[];
  /**
   * Where a cluster's `k3s_cluster_name` goes: on each of its hosts (default), or in the vars of a
   * group of its own (`cluster_<name>`, listing its hosts) beside `k3s_cluster`.
   */
  clusterNameIn?: 'host' | 'group';
}

/** One cluster of a started fleet. */
export interface FleetMember {
  spec: ClusterSpec;
  fleet: SimulatedFleet;
  cluster: SimulatedCluster;
  /** The name the playbooks must give this cluster: `k3s_cluster_name`, else `ca-` + 12 hex of the server CA's SHA-256. */
  expectedName: string;
  /** `ca-` + the first 12 lowercase hex digits of the SHA-256 fingerprint of the cluster's server CA. */
  caName: string;
  /** The inventory host name of `node` in the `certbook` style (`c1-server-1`). */
  host(node: SimNode | string): string;
  /** Every inventory host name of this cluster in `style`. */
  hosts(style?: InventoryOptions['style']): string[];
  node(name: string): SimNode;
}

/** What one cluster looked like at one moment: each node's files and pid, and the Secret. */
export interface ClusterSnapshot {
  nodes: Record<string, NodeSnapshot>;
  secret: KubeSecret | undefined;
}

export interface SimulatedFleets {
  members: FleetMember[];
  member(name: string): FleetMember;
  /** The member and node behind an inventory host name (either style). */
  owner(host: string): { member: FleetMember; node: SimNode };
  /** One known_hosts file naming every node of every cluster. */
  knownHostsFile: string;
  user: string;
  /** Writes the inventory in `shape` (a new directory each call) and returns the `-i` arguments. */
  inventory(shape: InventoryShape, options?: InventoryOptions): string[];
  /** Files, pids and the Secret of one cluster (`serving: false` leaves out dynamic-cert.json, which k3s rewrites itself). */
  snapshot(name: string, options?: { serving?: boolean }): ClusterSnapshot;
  stop(): Promise<void>;
}

/** Starts every cluster (in parallel), each behind its own sshd. */
export async function startSimulatedFleets(specs: readonly ClusterSpec[]): Promise<SimulatedFleets> {
  if (new Set(specs.map((s) => s.name)).size !== specs.length) throw new Error('cluster names must be unique');
  const sizes = specs.map((s) => s.servers + (s.agents ?? 0));
  const addresses = await freeBlock(
    sizes.reduce((a, b) => a + b, 0),
    specs.map((s) => s.port ?? 6443),
  );
  const started: SimulatedFleet[] = [];
  let offset = 0;
  const slices = sizes.map((n) => {
    const s = addresses.slice(offset, offset + n);
    offset += n;
    return s;
  });
  const results = await Promise.allSettled(
    specs.map(async (spec, i) => {
      const { name: _name, clusterName: _clusterName, ...options } = spec;
      const fleet = await startSimulatedFleet({ ...options, addresses: slices[i]! });
      started.push(fleet);
      return fleet;
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    for (const f of started) await f.stop();
    throw failed.reason;
  }
  const fleets = results.map((r) => (r as PromiseFulfilledResult<SimulatedFleet>).value);
  const dir = tempDir('certbook-fleets-');
  const knownHostsFile = join(dir, 'known_hosts');
  writeFileSync(knownHostsFile, fleets.map((f) => readFileSync(f.knownHostsFile, 'utf8')).join(''));
  const members: FleetMember[] = specs.map((spec, i) => {
    const fleet = fleets[i]!;
    const caName = caClusterName(fleet.cluster);
    const byName = new Map(fleet.cluster.nodes.map((n) => [n.name, n]));
    const node = (name: string): SimNode => {
      const n = byName.get(name);
      if (!n) throw new Error(`cluster ${spec.name} has no node ${name}`);
      return n;
    };
    return {
      spec,
      fleet,
      cluster: fleet.cluster,
      caName,
      expectedName: spec.clusterName ?? caName,
      host: (n) => `${spec.name}-${typeof n === 'string' ? n : n.name}`,
      hosts: (style) => fleet.cluster.nodes.map((n) => (style === 'k3s-ansible-sample' ? n.address : `${spec.name}-${n.name}`)),
      node,
    };
  });
  const owners = new Map<string, { member: FleetMember; node: SimNode }>();
  for (const m of members) {
    for (const n of m.cluster.nodes) {
      owners.set(m.host(n), { member: m, node: n });
      owners.set(n.address, { member: m, node: n });
    }
  }
  const member = (name: string): FleetMember => {
    const m = members.find((x) => x.spec.name === name);
    if (!m) throw new Error(`no cluster ${name}`);
    return m;
  };
  const user = fleets[0]!.user;
  let stopped = false;
  return {
    members,
    member,
    knownHostsFile,
    user,
    owner(host) {
      const o = owners.get(host);
      if (!o) throw new Error(`no node behind inventory host ${host}`);
      return o;
    },
    inventory: (shape, options = {}) => writeInventories(members, shape, options, { user, knownHostsFile }),
    snapshot(name, options = {}) {
      const m = member(name);
      const nodes: Record<string, NodeSnapshot> = {};
      for (const n of m.cluster.nodes) {
        const snap = snapshotNode(m.fleet, n.name);
        nodes[n.name] = options.serving === false ? withoutServingCopy(snap) : snap;
      }
      return { nodes, secret: m.cluster.servingSecret() };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all(fleets.map((f) => f.stop()));
    },
  };
}

/** `ca-` + the first 12 lowercase hex digits of the SHA-256 fingerprint of `server/tls/server-ca.crt`. */
export function caClusterName(cluster: SimulatedCluster): string {
  const pem = readFileSync(join(cluster.paths(cluster.servers[0]!).dataDir, 'server', 'tls', 'server-ca.crt'), 'utf8');
  return `ca-${new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase().slice(0, 12)}`;
}

async function freeBlock(count: number, ports: number[]): Promise<string[]> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const addresses = randomLoopbackAddresses(count);
    let free = true;
    for (const port of new Set(ports))
      if (!(await canBind(addresses[0]!, port)) || !(await canBind(addresses[count - 1]!, port))) free = false;
    if (free) return addresses;
  }
  throw new Error('no free loopback block found');
}

// ---------------------------------------------------------------------------------------------
// Inventories

interface Shared {
  user: string;
  knownHostsFile: string;
}

/** A node's variables, in order. */
type Vars = Array<[string, string | number]>;

/** The sample's own `api_endpoint`, verbatim (k3s-ansible inventory-sample.yml). */
const SAMPLE_API_ENDPOINT = "{{ hostvars[groups['server'][0]]['ansible_host'] | default(groups['server'][0]) }}";

function writeInventories(all: FleetMember[], shape: InventoryShape, options: InventoryOptions, shared: Shared): string[] {
  const members = options.clusters
    ? options.clusters.map((c) => {
        const m = all.find((x) => x.spec.name === c);
        if (!m) throw new Error(`no cluster ${c}`);
        return m;
      })
    : all;
  const format = options.format ?? 'yaml';
  const dir = tempDir('certbook-fleet-inventory-');
  const ext = format === 'ini' ? '.ini' : '.yaml';
  if (shape === 'merged') {
    const file = join(dir, `fleet${ext}`);
    writeFileSync(file, inventoryText(members, options, shared, 'every cluster of the fleet'));
    return ['-i', file];
  }
  // Ansible reads no `.ini` file from a directory (INVENTORY_IGNORE_EXTS): INI files there have no extension.
  const into = shape === 'dir' ? join(dir, 'inventory') : dir;
  mkdirSync(into, { recursive: true });
  const files = members.map((m) => {
    const file = join(into, `${m.spec.name}${shape === 'dir' && format === 'ini' ? '' : ext}`);
    if (existsSync(file)) throw new Error(`${file} exists`);
    writeFileSync(file, inventoryText([m], options, shared, `cluster ${m.spec.name}`));
    return file;
  });
  return shape === 'dir' ? ['-i', into] : files.flatMap((f) => ['-i', f]);
}

function inventoryText(members: FleetMember[], options: InventoryOptions, shared: Shared, what: string): string {
  const sample = options.style === 'k3s-ansible-sample';
  // The sample keeps the cluster's settings in group vars; only right while the file holds one cluster.
  const clusterVarsInGroup = sample && members.length === 1;
  const hostVars = (m: FleetMember, n: SimNode): [string, Vars] => {
    const e = m.fleet.endpoint(n);
    const vars: Vars = [];
    if (!sample) vars.push(['ansible_host', n.address]);
    vars.push(['ansible_port', e.port], ['ansible_ssh_private_key_file', e.keyFile]);
    if (isRke2(m)) {
      // RKE2 in lablabs/ansible-role-rke2's names; its ports are RKE2's defaults (9345, 6443).
      vars.push(['rke2_data_path', n.dataDir], ['rke2_api_ip', n.address]);
      if (n.role === 'server') vars.push(['k3s_kubeconfig', n.kubeconfigPath]);
      vars.push(['rke2_version', n.version]);
      if (m.spec.clusterName !== undefined && options.clusterNameIn !== 'group') vars.push(['k3s_cluster_name', m.spec.clusterName]);
      return [m.host(n), vars];
    }
    if (sample) {
      vars.push(['k3s_server_location', n.dataDir]);
      if (!clusterVarsInGroup) vars.push(['api_port', n.port], ['k3s_version', n.version], ['api_endpoint', m.cluster.servers[0]!.address]);
    } else {
      vars.push(['k3s_data_dir', n.dataDir], ['k3s_https_port', n.port]);
    }
    // The simulator's own facts: each server listens on its own address, not 127.0.0.1 (the
    // sample says it with api_endpoint, the server's address), and keeps its admin kubeconfig
    // in its node directory, which no k3s-ansible variable names.
    if (!sample) vars.push(['k3s_api_address', n.address]);
    if (n.role === 'server') vars.push(['k3s_kubeconfig', n.kubeconfigPath]);
    if (!sample) vars.push(['k3s_version', n.version]);
    if (m.spec.clusterName !== undefined && options.clusterNameIn !== 'group') vars.push(['k3s_cluster_name', m.spec.clusterName]);
    return [sample ? n.address : m.host(n), vars];
  };
  // A file of RKE2 clusters only uses rancherfederal/rke2-ansible's groups (rke2_servers, rke2_agents).
  const groups =
    options.groups ?? (members.every(isRke2) ? { server: 'rke2_servers', agent: 'rke2_agents' } : { server: 'server', agent: 'agent' });
  const servers = members.flatMap((m) => m.cluster.servers.map((n) => hostVars(m, n)));
  const agents = members.flatMap((m) => m.cluster.agents.map((n) => hostVars(m, n)));
  const groupVars: Vars = [
    ['ansible_user', shared.user],
    ['ansible_ssh_common_args', `-o UserKnownHostsFile=${shared.knownHostsFile}`],
  ];
  if (clusterVarsInGroup) {
    const m = members[0]!;
    groupVars.push(
      ['k3s_version', m.cluster.servers[0]!.version],
      ['token', 'changeme!'],
      ['api_port', m.cluster.servers[0]!.port],
      ['api_endpoint', SAMPLE_API_ENDPOINT],
      ['extra_server_args', ''],
      ['extra_agent_args', ''],
    );
  }
  const withAgents = agents.length > 0 || !options.omitEmptyAgentGroup;
  const named: NamedGroup[] =
    options.clusterNameIn === 'group'
      ? members
          .filter((m) => m.spec.clusterName !== undefined)
          .map((m) => ({
            group: `cluster_${m.spec.name}`,
            hosts: m.hosts(options.style),
            name: m.spec.clusterName!,
          }))
      : [];
  const title = `Simulated k3s ${what} (certbook multi-cluster test harness)${sample ? ", in k3s-ansible's sample style" : ''}`;
  return (options.format ?? 'yaml') === 'ini'
    ? iniText(title, groups, servers, withAgents ? agents : undefined, groupVars, named)
    : yamlText(title, groups, servers, withAgents ? agents : undefined, groupVars, named);
}

/** True when the member's cluster runs RKE2. */
function isRke2(m: FleetMember): boolean {
  return /\+rke2r\d+$/.test(m.cluster.servers[0]!.version);
}

/** A group naming one cluster (`k3s_cluster_name` in its vars). */
interface NamedGroup {
  group: string;
  hosts: string[];
  name: string;
}

function yamlText(
  title: string,
  groups: { server: string; agent: string },
  servers: Array<[string, Vars]>,
  agents: Array<[string, Vars]> | undefined,
  groupVars: Vars,
  named: NamedGroup[],
): string {
  const q = (v: string | number): string => (typeof v === 'number' ? String(v) : JSON.stringify(v));
  const hosts = (list: Array<[string, Vars]>): string[] =>
    list.length === 0
      ? ['      hosts: {}']
      : ['      hosts:', ...list.flatMap(([name, vars]) => [`        ${q(name)}:`, ...vars.map(([k, v]) => `          ${k}: ${q(v)}`)])];
  return [
    `# ${title}`,
    'k3s_cluster:',
    '  children:',
    `    ${groups.server}:`,
    ...hosts(servers),
    ...(agents ? [`    ${groups.agent}:`, ...hosts(agents)] : []),
    '  vars:',
    ...groupVars.map(([k, v]) => `    ${k}: ${q(v)}`),
    ...named.flatMap((g) => [
      `${g.group}:`,
      '  hosts:',
      ...g.hosts.map((h) => `    ${q(h)}: {}`),
      '  vars:',
      `    k3s_cluster_name: ${q(g.name)}`,
    ]),
    '',
  ].join('\n');
}

/** INI as k3s-ansible's old `hosts.ini`: `[master]`, `[node]`, `[k3s_cluster:children]`, plus `[k3s_cluster:vars]`. */
function iniText(
  title: string,
  groups: { server: string; agent: string },
  servers: Array<[string, Vars]>,
  agents: Array<[string, Vars]> | undefined,
  groupVars: Vars,
  named: NamedGroup[],
): string {
  const value = (v: string | number): string => {
    const s = String(v);
    if (/^[A-Za-z0-9_./:+@-]+$/.test(s)) return s;
    return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  };
  const hostLine = ([name, vars]: [string, Vars]): string => [name, ...vars.map(([k, v]) => `${k}=${value(v)}`)].join(' ');
  return [
    `# ${title}`,
    `[${groups.server}]`,
    ...servers.map(hostLine),
    '',
    ...(agents ? [`[${groups.agent}]`, ...agents.map(hostLine), ''] : []),
    '[k3s_cluster:children]',
    groups.server,
    ...(agents ? [groups.agent] : []),
    '',
    '[k3s_cluster:vars]',
    ...groupVars.map(([k, v]) => `${k}=${value(v)}`),
    '',
    ...named.flatMap((g) => [`[${g.group}]`, ...g.hosts, '', `[${g.group}:vars]`, `k3s_cluster_name=${value(g.name)}`, '']),
  ].join('\n');
}
