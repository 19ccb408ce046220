/**
 * The demo's in-process SSH server under certbook's own SSH connection: one listener per
 * loopback address, each running commands with its own PATH; exec exit codes, files moved
 * through the shell (no sftp), direct-tcpip forwarding (wait_for, tls_probe), timeouts that
 * kill the command, and key auth that refuses any other key. No root, no sshd.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import ssh2 from 'ssh2';
import { type DemoSshServer, startDemoSshServer } from '../../src/demo/demo-ssh-server.js';
import { readableKeyPair } from '../../src/demo/ssh-server-keys.js';
import { tempDir } from '../harness/temp-dir.js';
import { resultsOf, runPlaybook } from './playbook-run.js';

const ADDRESSES = ['127.0.0.1', '127.0.0.2'];
let server: DemoSshServer;
let inventory: string;
let dir: string;
let listenerPort: number;
const listener = createServer((s) => s.end());

before(async () => {
  dir = tempDir('certbook-demo-ssh-test-');
  const hosts = ADDRESSES.map((address, i) => {
    const bin = join(dir, `bin-${i + 1}`);
    mkdirSync(bin);
    writeFileSync(join(bin, 'whoami-node'), `#!/bin/sh\necho node-${i + 1}\nexit ${i + 3}\n`);
    chmodSync(join(bin, 'whoami-node'), 0o755);
    return { address, pathDirs: [bin] };
  });
  server = await startDemoSshServer(hosts);
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  listenerPort = (listener.address() as { port: number }).port;
  inventory = join(dir, 'inventory.yaml');
  writeFileSync(
    inventory,
    [
      'all:',
      '  hosts:',
      ...ADDRESSES.map((a, i) => `    n${i + 1}: {ansible_host: "${a}", ansible_port: ${server.portOf(a)}}`),
      '  vars:',
      `    ansible_user: "${server.user}"`,
      `    ansible_ssh_private_key_file: "${server.keyFile}"`,
      `    ansible_ssh_common_args: "-o UserKnownHostsFile=${server.knownHostsFile}"`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'play.yaml'),
    [
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - name: node command',
      '      command: whoami-node',
      '      register: who',
      '      failed_when: false',
      '    - name: write',
      `      copy: {content: "{{ inventory_hostname }}-data", dest: "${dir}/out-{{ inventory_hostname }}.txt"}`,
      '    - name: read',
      `      slurp: {src: "${dir}/out-{{ inventory_hostname }}.txt"}`,
      '    - name: forward',
      `      wait_for: {port: ${listenerPort}, timeout: 5}`,
      '    - name: slow',
      '      command: sleep 30',
      '      timeout: 1',
      '      ignore_errors: true',
      '',
    ].join('\n'),
  );
});
after(async () => {
  await server?.stop();
  listener.close();
});

test('each address runs commands with its own PATH and exit code; files and forwards work; timeouts kill', async () => {
  const run = await runPlaybook(join(dir, 'play.yaml'), inventory);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const byHost = (a: { host: string }, b: { host: string }) => a.host.localeCompare(b.host);
  const who = resultsOf(run.report, 'node command').sort(byHost);
  assert.deepEqual(
    who.map((r) => [r.host, r.result.stdout, r.result.rc]),
    [
      ['n1', 'node-1', 3],
      ['n2', 'node-2', 4],
    ],
  );
  const read = resultsOf(run.report, 'read').sort(byHost);
  assert.deepEqual(
    read.map((r) => Buffer.from(String(r.result.content), 'base64').toString()),
    ['n1-data', 'n2-data'],
  );
  assert.ok(resultsOf(run.report, 'forward').every((r) => r.status === 'ok'));
  const slow = resultsOf(run.report, 'slow');
  assert.ok(
    slow.every((r) => r.status === 'failed'),
    JSON.stringify(slow),
  );
});

test('another key is refused', async () => {
  const other = readableKeyPair();
  const client = new ssh2.Client();
  const outcome = await new Promise<string>((resolve) => {
    client.on('ready', () => resolve('accepted'));
    client.on('error', (err) => resolve(err.message));
    client.connect({ host: ADDRESSES[0], port: server.portOf(ADDRESSES[0]!), username: server.user, privateKey: other.private });
  });
  client.end();
  assert.match(outcome, /authentication methods failed/);
});
