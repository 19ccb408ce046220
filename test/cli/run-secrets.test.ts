/**
 * `certbook run` end to end over the real sshd with a sudo password: become works, and the
 * password appears in no output, report, event or JUnit file, whatever the tasks print.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startSshd, type TestSshd } from '../harness/sshd.js';
import { runCli } from './run-cli.js';

const playbook = join(import.meta.dirname, '..', 'fixtures', 'cli-run', 'become.yaml');
let sshd: TestSshd;
let dir: string;

before(async () => {
  sshd = await startSshd();
  dir = mkdtempSync(join(tmpdir(), 'certbook-secrets-'));
  writeFileSync(
    join(dir, 'inventory.yaml'),
    `${[
      'all:',
      '  hosts:',
      '    target:',
      '      ansible_host: 127.0.0.1',
      `      ansible_port: ${sshd.port}`,
      `      ansible_user: ${sshd.sudoUser}`,
      `      ansible_ssh_private_key_file: ${sshd.keyFile}`,
      `      ansible_become_password: ${JSON.stringify(sshd.password)}`,
      `      ansible_ssh_common_args: -o UserKnownHostsFile=${sshd.knownHostsFile}`,
    ].join('\n')}\n`,
  );
});

after(async () => {
  await sshd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

for (const renderer of ['plain', 'json'] as const) {
  test(`become works and the password is nowhere (${renderer} output, report, events, JUnit)`, async () => {
    const files = { report: join(dir, `${renderer}.json`), events: join(dir, `${renderer}.jsonl`), junit: join(dir, `${renderer}.xml`) };
    const result = await runCli(
      [
        'run',
        playbook,
        '-i',
        join(dir, 'inventory.yaml'),
        '-vvv',
        '--renderer',
        renderer,
        '--report',
        files.report,
        '--events',
        files.events,
        '--junit',
        files.junit,
      ],
      { env: { HOME: dir } },
    );
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /ran as root/);
    const artifacts: Record<string, string> = {
      stdout: result.stdout,
      stderr: result.stderr,
      ...Object.fromEntries(Object.entries(files).map(([k, f]) => [k, readFileSync(f, 'utf8')])),
    };
    for (const [name, text] of Object.entries(artifacts)) {
      assert.ok(!text.includes(sshd.password), `${name} holds the become password`);
    }
    assert.match(artifacts.report!, /\*{8}/, 'the echoed password was masked, not dropped silently');
    assert.match(artifacts.report!, /hidden due to the fact that 'no_log: true'/);
    for (const file of Object.values(files)) assert.equal(statSync(file).mode & 0o777, 0o600, `${file} is private`);
  });
}
