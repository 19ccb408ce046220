/**
 * Host key checking from the command line's point of view: an unknown host key makes the host
 * unreachable under the default strict mode (with the fingerprint and how to trust it), and
 * `ANSIBLE_HOST_KEY_CHECKING=False` turns checking off, with a warning naming the host.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startSshd, type TestSshd } from '../harness/sshd.js';
import { runCli } from './run-cli.js';

let sshd: TestSshd;
let dir: string;

before(async () => {
  sshd = await startSshd();
  dir = mkdtempSync(join(tmpdir(), 'certbook-hostkeys-'));
  // An empty known_hosts: this sshd's freshly generated key is unknown.
  writeFileSync(join(dir, 'known_hosts'), '');
  writeFileSync(
    join(dir, 'inventory.yaml'),
    `${[
      'all:',
      '  hosts:',
      '    fresh:',
      '      ansible_host: 127.0.0.1',
      `      ansible_port: ${sshd.port}`,
      `      ansible_user: ${sshd.user}`,
      `      ansible_ssh_private_key_file: ${sshd.keyFile}`,
      `      ansible_ssh_common_args: -o UserKnownHostsFile=${join(dir, 'known_hosts')}`,
    ].join('\n')}\n`,
  );
  writeFileSync(join(dir, 'pb.yaml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: id -un\n      changed_when: false\n');
});

after(async () => {
  await sshd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('an unknown host key is refused under strict checking: unreachable, fingerprint and remedy shown, exit 3', async () => {
  const result = await runCli(['run', join(dir, 'pb.yaml'), '-i', join(dir, 'inventory.yaml')], { env: {} });
  assert.equal(result.code, 3, result.stdout + result.stderr);
  assert.match(result.stdout, /fatal: \[fresh\]: UNREACHABLE!/);
  assert.ok(result.stdout.includes(sshd.hostKeyFingerprint), 'the fingerprint is shown');
  assert.match(result.stdout, /ssh-keyscan|accept-new/);
});

test('ANSIBLE_HOST_KEY_CHECKING=False turns checking off and warns about the host', async () => {
  const result = await runCli(['run', join(dir, 'pb.yaml'), '-i', join(dir, 'inventory.yaml')], {
    env: { ANSIBLE_HOST_KEY_CHECKING: 'False' },
  });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stderr, /\[WARNING\]: \[fresh\]: host key checking is off/);
});
