/**
 * The team's own steps through the command line: `--steps-path` on run (over the real sshd),
 * validate and steps; `steps/` beside the playbook found without it; a playbook using a step
 * no directory provides is refused before any connection.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startSshd, type TestSshd } from '../harness/sshd.js';
import { tempDir } from '../harness/temp-dir.js';
import { runCli } from './run-cli.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples', 'steps');
let sshd: TestSshd;
let dir: string;

before(async () => {
  sshd = await startSshd();
  dir = tempDir('certbook-team-steps-');
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
      `      ansible_ssh_common_args: -o UserKnownHostsFile=${sshd.knownHostsFile}`,
    ].join('\n')}\n`,
  );
  writeFileSync(
    join(dir, 'count.yaml'),
    `${[
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - name: Count the lines of /etc/passwd',
      '      line_count:',
      '        path: /etc/passwd',
      '      register: counted',
      '    - name: Show the count',
      '      assert:',
      '        that: counted.lines > 1',
    ].join('\n')}\n`,
  );
  writeFileSync(join(dir, 'typo.yaml'), '- hosts: all\n  tasks:\n    - line_count:\n        pth: /etc/passwd\n');
});

after(async () => {
  await sshd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("run --steps-path: the team's step runs on a real host; twice, nothing changed", async () => {
  for (const round of [1, 2]) {
    const r = await runCli(['run', join(dir, 'count.yaml'), '-i', join(dir, 'inventory.yaml'), '--steps-path', EXAMPLES], {
      cwd: dir,
      env: {},
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /target\s+: ok=2\s+changed=0/, `round ${round}`);
  }
});

test("without the step's directory the playbook is refused before connecting; a misspelt argument is refused at its line", async () => {
  const missing = await runCli(['run', join(dir, 'count.yaml'), '-i', join(dir, 'inventory.yaml')], { cwd: dir, env: {} });
  assert.equal(missing.code, 4);
  assert.match(missing.stderr, /line_count/);
  const typo = await runCli(['run', join(dir, 'typo.yaml'), '-i', join(dir, 'inventory.yaml'), '--steps-path', EXAMPLES], {
    cwd: dir,
    env: {},
  });
  assert.equal(typo.code, 4);
  assert.match(typo.stderr, /typo\.yaml:4:\d+/);
  assert.match(typo.stderr, /pth/);
});

test("validate and steps load the team's steps from --steps-path and from steps/ beside the playbook", async () => {
  assert.equal((await runCli(['validate', join(dir, 'count.yaml')], { cwd: dir, env: {} })).code, 4);
  const ok = await runCli(['validate', join(dir, 'count.yaml'), '--steps-path', EXAMPLES], { cwd: dir, env: {} });
  assert.equal(ok.code, 0, ok.stderr);
  const beside = tempDir('certbook-team-steps-beside-');
  try {
    mkdirSync(join(beside, 'steps'));
    cpSync(join(EXAMPLES, 'line_count.mjs'), join(beside, 'steps', 'line_count.mjs'));
    cpSync(join(dir, 'count.yaml'), join(beside, 'count.yaml'));
    assert.equal((await runCli(['validate', join(beside, 'count.yaml')], { cwd: dir, env: {} })).code, 0);
    const list = await runCli(['steps'], { cwd: beside, env: {} });
    assert.equal(list.code, 0);
    assert.match(list.stdout, /The project's own steps:\n\s+line_count\s+Count the lines/);
  } finally {
    rmSync(beside, { recursive: true, force: true });
  }
  const reference = await runCli(['steps', 'line_count', '--steps-path', EXAMPLES], { cwd: dir, env: {} });
  assert.equal(reference.code, 0, reference.stderr);
  assert.match(reference.stdout, /^line_count - Count the lines/);
  assert.match(reference.stdout, /The project's own step, from .*line_count\.mjs/);
});
