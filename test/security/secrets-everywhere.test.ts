/**
 * The line between what certbook masks and what it cannot know is secret, over the real sshd:
 * a plain variable echoed by an ordinary task is shown (as in Ansible; mark it `no_log` or pass
 * it through a `sensitive` argument to hide it), the become password is masked wherever a task
 * echoes it, and the same plain value under `no_log` is hidden in every artifact while the
 * failure still says why. Complements planted-secrets.test.ts, which covers every renderer and -v level.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MASK } from '../../src/events/redact.js';
import { runCli } from '../cli/run-cli.js';
import { startSshd, type TestSshd } from '../harness/sshd.js';
import { tempDir } from '../harness/temp-dir.js';

const playbook = join(import.meta.dirname, '..', 'fixtures', 'security', 'secrets-everywhere.yaml');
const PLAIN = 'plain-Tw4Rz8-token';

let sshd: TestSshd;
let dir: string;

before(async () => {
  sshd = await startSshd();
  dir = tempDir('certbook-everywhere-');
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
});

test('a plain var is shown by an ordinary task, hidden under no_log; the become password is masked in every artifact', async () => {
  const runDir = tempDir('certbook-everywhere-run-');
  const r = await runCli(
    [
      'run',
      playbook,
      '-i',
      join(dir, 'inventory.yaml'),
      '-e',
      `plain_token=${PLAIN}`,
      '-vvvv',
      '--renderer',
      'json',
      '--report',
      join(runDir, 'report.json'),
      '--events',
      join(runDir, 'events.jsonl'),
      '--junit',
      join(runDir, 'junit.xml'),
    ],
    { env: { HOME: dir, CI: 'true' } },
  );
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const artifacts: Record<string, string> = {
    stdout: r.stdout,
    stderr: r.stderr,
    ...Object.fromEntries(readdirSync(runDir).map((f) => [f, readFileSync(join(runDir, f), 'utf8')])),
  };
  const forms = [sshd.password, JSON.stringify(sshd.password).slice(1, -1), Buffer.from(sshd.password).toString('base64')];
  const leaks = Object.entries(artifacts).flatMap(([name, text]) =>
    forms
      .filter((f) => text.includes(f))
      .map((f) => `${name}: …${text.slice(Math.max(0, text.indexOf(f) - 60), text.indexOf(f) + f.length + 20)}…`),
  );
  assert.deepEqual(leaks, [], 'the become password leaked');
  assert.ok(artifacts['report.json']!.includes(`pw=${MASK}`), 'the echoed become password is masked, not dropped');

  // The documented decision: an arbitrary var is data, shown by an ordinary task...
  assert.ok(artifacts['report.json']!.includes(`plain=${PLAIN}`), 'a plain var echoed by an ordinary task is shown');
  // ...but under no_log the same value is nowhere, not even in the hidden task's record.
  assert.ok(!artifacts['events.jsonl']!.includes(`hidden=${PLAIN}`), 'events hold the no_log output');
  assert.ok(!artifacts['junit.xml']!.includes(`hidden=${PLAIN}`), 'JUnit holds the no_log output');
  assert.ok(!artifacts['report.json']!.includes(`hidden=${PLAIN}`), 'the report holds the no_log output');
  assert.ok(!r.stdout.includes(`hidden=${PLAIN}`), 'stdout holds the no_log output');
  assert.match(
    artifacts['events.jsonl']!,
    /"censored":"the output has been hidden[^"]*","changed":true,"failed":true,"msg":"non-zero return code"/,
    'the hidden failure still says why',
  );
});
