/**
 * The files each tool is given for one fleet: one YAML inventory (certbook and ansible-playbook
 * read the same file; every host is an alias of the one loopback sshd, with its own
 * `k3s_data_dir`), an ssh_config for OpenSSH's client (the floor), and the ansible playbook
 * equivalent to check-expiry's reading of the certificate files.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchFleet, BenchNode } from './fleet-layout.js';

/** How to reach the sshd every host alias points at. */
export interface SshTarget {
  port: number;
  user: string;
  keyFile: string;
  knownHostsFile: string;
}

/**
 * The key exchange every tool uses: the one certbook's SSH library negotiates. OpenSSH 9's
 * default (sntrup761x25519) costs ~100 ms of CPU per connection on each side, which would make
 * the floor and ansible pay for crypto certbook does not do.
 */
export const BENCH_KEX = 'curve25519-sha256';

/** Paths of the files written for one fleet. */
export interface FleetFiles {
  inventory: string;
  sshConfig: string;
  ansiblePlaybook: string;
  /** One host alias per line, for the floor's xargs. */
  hostList: string;
}

/** Writes every tool's files into `fleet.root`. */
export function writeFleetFiles(fleet: BenchFleet, ssh: SshTarget): FleetFiles {
  const dir = fleet.root;
  const files: FleetFiles = {
    inventory: join(dir, 'inventory.yaml'),
    sshConfig: join(dir, 'ssh_config'),
    ansiblePlaybook: join(dir, 'ansible-check-expiry.yaml'),
    hostList: join(dir, 'hosts.txt'),
  };
  writeFileSync(files.inventory, inventoryYaml(fleet, ssh));
  writeFileSync(files.sshConfig, sshConfig(ssh));
  writeFileSync(files.ansiblePlaybook, ANSIBLE_PLAYBOOK);
  writeFileSync(files.hostList, `${fleet.nodes.map((n) => n.name).join('\n')}\n`);
  return files;
}

/** k3s-ansible's layout: `server` and `agent` under `k3s_cluster`, each host with its own k3s variables. */
function inventoryYaml(fleet: BenchFleet, ssh: SshTarget): string {
  const q = (v: string | number) => JSON.stringify(v);
  const host = (n: BenchNode) =>
    `        ${n.name}: {k3s_data_dir: ${q(n.dataDir)}` +
    (n.role === 'server' ? `, k3s_api_address: ${q(n.address)}, k3s_https_port: ${n.port}, k3s_kubeconfig: ${q(n.kubeconfig)}` : '') +
    '}\n';
  const group = (role: BenchNode['role']) => {
    const nodes = fleet.nodes.filter((n) => n.role === role);
    return nodes.length ? `    ${role}:\n      hosts:\n${nodes.map(host).join('')}` : `    ${role}: {}\n`;
  };
  return (
    [
      'all:',
      '  vars:',
      '    ansible_host: 127.0.0.1',
      `    ansible_port: ${ssh.port}`,
      `    ansible_user: ${ssh.user}`,
      `    ansible_ssh_private_key_file: ${q(ssh.keyFile)}`,
      `    ansible_ssh_common_args: ${q(`-o UserKnownHostsFile=${ssh.knownHostsFile} -o StrictHostKeyChecking=yes`)}`,
      '    ansible_python_interpreter: /usr/bin/python3',
      '    ansible_become: false',
      '  children:',
      '    k3s_cluster:',
      '      children:',
      '        server: {}',
      '        agent: {}',
    ].join('\n') +
    '\n' +
    group('server') +
    group('agent')
  );
}

function sshConfig(ssh: SshTarget): string {
  return [
    'Host *',
    '  HostName 127.0.0.1',
    `  Port ${ssh.port}`,
    `  User ${ssh.user}`,
    `  IdentityFile ${ssh.keyFile}`,
    '  IdentitiesOnly yes',
    `  UserKnownHostsFile ${ssh.knownHostsFile}`,
    '  StrictHostKeyChecking yes',
    '  BatchMode yes',
    '  ControlMaster no',
    '  LogLevel ERROR',
    `  KexAlgorithms ${BENCH_KEX}`,
    '',
  ].join('\n');
}

/** The floor's one command per host: print every certificate file of the node. */
export function floorCommand(dataDirVar = '"$1"'): string {
  return `cd ${dataDirVar} && cat server/tls/*.crt server/tls/etcd/*.crt server/tls/dynamic-cert.json agent/*.crt 2>/dev/null; true`;
}

/**
 * The ansible equivalent: find, then one shell task running \`openssl x509 -enddate\` on every
 * file (a \`loop\` of \`command\` tasks would cost a module run per file and be far slower).
 */
const ANSIBLE_PLAYBOOK = `- name: check certificate expiry (ansible equivalent)
  hosts: k3s_cluster
  gather_facts: false
  tasks:
    - name: find the certificate files
      find:
        paths: ["{{ k3s_data_dir }}/server/tls", "{{ k3s_data_dir }}/agent"]
        patterns: "*.crt"
        recurse: true
      register: cert_files
    - name: read their end dates
      shell: "for f in {{ cert_files.files | map(attribute='path') | map('quote') | join(' ') }}; do openssl x509 -noout -enddate -in \\"$f\\"; done"
      register: enddates
      changed_when: false
`;
