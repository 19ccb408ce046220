/**
 * A user whose login shell runs nothing (`/bin/false`, `nologin`): sshd lets it log in, and every
 * command "fails" with status 1 and no output. That is no failed command but an unusable
 * connection: the host is UNREACHABLE (as ansible-playbook 2.14 reports it: "Failed to create
 * temporary directory … exited with result 1"), saying what happened and what to do. A command
 * of a working shell that fails the same way stays a failed command. Real sshd on loopback.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HostUnreachableError } from '../../src/connection/errors.js';
import { openHost } from '../../src/connection/open-host.js';
import { runCli } from '../cli/run-cli.js';
import { settingsFor } from '../harness/ssh-settings.js';
import { startSshd, type TestSshd } from '../harness/sshd.js';
import { tempDir } from '../harness/temp-dir.js';
import { NO_SHELL_USERS } from '../harness/test-users.js';

let sshd: TestSshd;
before(async () => {
  sshd = await startSshd();
});
after(async () => {
  await sshd?.stop();
});

async function shellError(work: Promise<unknown>): Promise<HostUnreachableError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof HostUnreachableError) return error;
    throw error;
  }
  assert.fail('the command "succeeded"');
}

describe('a login shell that runs nothing', () => {
  for (const [shell, user] of [
    ['/bin/false', NO_SHELL_USERS.false],
    ['nologin', NO_SHELL_USERS.nologin],
  ] as const) {
    test(`${shell}: exec, file reads and become all make the host unreachable, naming the shell`, async () => {
      const host = await openHost(settingsFor(sshd, { user }));
      try {
        for (const work of [
          () => host.exec('true'),
          () => host.readFiles(['/etc/hostname'], { maxBytes: 1000 }),
          () => host.exec('true', { become: { method: 'sudo', user: 'root' } }),
        ]) {
          const error = await shellError(work());
          assert.equal(error.kind, 'shell');
          assert.match(
            error.reason,
            new RegExp(
              `^logged in as ${user} at 127\\.0\\.0\\.1:${sshd.port}, but the login shell exited with status 1 without running the command`,
            ),
          );
          assert.match(error.hint ?? '', /\/bin\/false or nologin: certbook needs a POSIX shell there \(usermod -s \/bin\/sh/);
        }
        if (shell === 'nologin')
          assert.match((await shellError(host.exec('true'))).reason, /saying: This account is currently not available/);
      } finally {
        await host.close();
      }
    });
  }

  test('a working shell whose command exits 1 with no output is a failed command, not an unreachable host', async () => {
    const host = await openHost(settingsFor(sshd));
    try {
      const r = await host.exec('exit 1');
      assert.equal(r.rc, 1);
      assert.equal(r.stdout, '');
    } finally {
      await host.close();
    }
  });

  test('certbook run: UNREACHABLE and exit 3, as ansible-playbook', async () => {
    const dir = tempDir('certbook-noshell-');
    writeFileSync(
      join(dir, 'inv.yaml'),
      `${[
        'all:',
        '  hosts:',
        '    noshell:',
        '      ansible_host: 127.0.0.1',
        `      ansible_port: ${sshd.port}`,
        `      ansible_user: ${NO_SHELL_USERS.false}`,
        `      ansible_ssh_private_key_file: ${sshd.keyFile}`,
        `      ansible_ssh_common_args: -o UserKnownHostsFile=${sshd.knownHostsFile}`,
      ].join('\n')}\n`,
    );
    writeFileSync(join(dir, 'pb.yaml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: id -un\n');
    const r = await runCli(['run', join(dir, 'pb.yaml'), '-i', join(dir, 'inv.yaml')], { env: { HOME: dir } });
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /fatal: \[noshell\]: UNREACHABLE! => .*the login shell exited with status 1 without running the command/);
    assert.match(r.stdout, /noshell +: ok=0 +changed=0 +unreachable=1 +failed=0/);
  });
});
