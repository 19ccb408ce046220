/**
 * The connection layer reads the invocation's environment only (`main`'s `io.env`, which the CLI
 * passes to the run), never this process's: HOME decides which `~/.ssh/config` and default keys
 * are read, SSH_AUTH_SOCK which ssh-agent is offered. And a `~/.ssh/config` that exists but
 * cannot be read makes the host unreachable, naming the file and why; a missing one is no config.
 * Real sshd on loopback, certbook run in-process.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../cli/run-cli.js';
import { startSshd, type TestSshd } from '../harness/sshd.js';
import { tempDir } from '../harness/temp-dir.js';

let sshd: TestSshd;
let dir: string;

before(async () => {
  sshd = await startSshd();
  dir = tempDir('certbook-env-');
  writeFileSync(
    join(dir, 'pb.yaml'),
    '- hosts: all\n  gather_facts: false\n  tasks:\n    - {name: who, command: id -un, changed_when: false}\n',
  );
});
after(async () => {
  await sshd?.stop();
});

/** A fresh home directory, with `config` as its ~/.ssh/config when given. */
function home(config?: string): string {
  const h = tempDir('certbook-home-');
  mkdirSync(join(h, '.ssh'));
  if (config !== undefined) writeFileSync(join(h, '.ssh', 'config'), config);
  return h;
}

/** An inventory of one host `target`, reached through the sshd with `vars` (no key unless given). */
function inventory(vars: string[]): string {
  const file = join(tempDir('certbook-inv-'), 'inv.yaml');
  writeFileSync(file, `${['all:', '  hosts:', '    target:', ...vars.map((v) => `      ${v}`)].join('\n')}\n`);
  return file;
}

const reachSshd = () => [
  'ansible_host: 127.0.0.1',
  `ansible_port: ${sshd.port}`,
  `ansible_user: ${sshd.user}`,
  `ansible_ssh_common_args: -o UserKnownHostsFile=${sshd.knownHostsFile}`,
];

describe("the invocation's environment, not the process's", () => {
  test("HOME: the invocation's ~/.ssh/config says how to reach the host", async () => {
    const h = home(
      `${[
        'Host target',
        '  HostName 127.0.0.1',
        `  Port ${sshd.port}`,
        `  User ${sshd.user}`,
        `  IdentityFile ${sshd.keyFile}`,
        `  UserKnownHostsFile ${sshd.knownHostsFile}`,
      ].join('\n')}\n`,
    );
    const inv = inventory(['ansible_connection: ssh']);
    const r = await runCli(['run', join(dir, 'pb.yaml'), '-i', inv, '-v'], { env: { HOME: h } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`"stdout": "${sshd.user}"`));
    // This process's HOME has no such config: the same run without the invocation's HOME cannot work.
    const without = await runCli(['run', join(dir, 'pb.yaml'), '-i', inv], { env: { HOME: home() } });
    assert.equal(without.code, 3, without.stdout);
  });

  test("SSH_AUTH_SOCK: the invocation's agent is offered, this process's never", async () => {
    const sock = join(tempDir('certbook-agent-'), 'agent.sock');
    const started = spawnSync('ssh-agent', ['-s', '-a', sock], { encoding: 'utf8' });
    const agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(started.stdout)?.[1]);
    assert.ok(agentPid > 0, started.stderr);
    const saved = process.env.SSH_AUTH_SOCK;
    try {
      assert.equal(spawnSync('ssh-add', ['-q', sshd.keyFile], { env: { ...process.env, SSH_AUTH_SOCK: sock } }).status, 0);
      const inv = inventory(reachSshd());
      const viaAgent = await runCli(['run', join(dir, 'pb.yaml'), '-i', inv], { env: { HOME: home(), SSH_AUTH_SOCK: sock } });
      assert.equal(viaAgent.code, 0, viaAgent.stdout + viaAgent.stderr);
      // The agent in this process's environment only: not offered.
      process.env.SSH_AUTH_SOCK = sock;
      const notOffered = await runCli(['run', join(dir, 'pb.yaml'), '-i', inv], { env: { HOME: home() } });
      assert.equal(notOffered.code, 3, notOffered.stdout);
      assert.match(notOffered.stdout, /authentication failed for user .* \(tried: nothing: no key, agent or password was available/);
    } finally {
      if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = saved;
      process.kill(agentPid);
    }
  });
});

describe('an ~/.ssh/config that cannot be read', () => {
  test('a directory: the host is unreachable, naming the file and why', async () => {
    const h = home();
    mkdirSync(join(h, '.ssh', 'config'));
    const r = await runCli(
      ['run', join(dir, 'pb.yaml'), '-i', inventory([...reachSshd(), `ansible_ssh_private_key_file: ${sshd.keyFile}`])],
      { env: { HOME: h } },
    );
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`UNREACHABLE!.*cannot read the ssh config ${join(h, '.ssh', 'config')}: it is a directory`));
  });

  test('a local connection does not read it: the run goes on', async () => {
    const h = home();
    mkdirSync(join(h, '.ssh', 'config'));
    const r = await runCli(['run', join(dir, 'pb.yaml'), '-i', inventory(['ansible_connection: local'])], { env: { HOME: h } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  test('a missing one is no config: the run goes on as before', async () => {
    const r = await runCli(
      ['run', join(dir, 'pb.yaml'), '-i', inventory([...reachSshd(), `ansible_ssh_private_key_file: ${sshd.keyFile}`])],
      { env: { HOME: home() } },
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  test('permission denied (certbook run as a user who cannot read it): unreachable, naming the file', () => {
    // Root reads any file: the run goes as the unprivileged test user, in a child process.
    const h = tempDir('certbook-home-');
    mkdirSync(join(h, '.ssh'), { recursive: true });
    writeFileSync(join(h, '.ssh', 'config'), 'Host *\n  User nobody\n', { mode: 0o600 });
    spawnSync('chmod', ['755', h, join(h, '.ssh')]);
    const script = [
      "const { resolveSshSettings } = await import('./src/connection/ssh-config.ts');",
      `try { resolveSshSettings('target', { name: 'target' }, { home: ${JSON.stringify(h)} }); console.log('no error'); }`,
      'catch (e) { console.log(e.kind, e.message); }',
    ].join('\n');
    const child = spawnSync('runuser', ['-u', sshd.user, '--', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: join(import.meta.dirname, '..', '..'),
      encoding: 'utf8',
    });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(
      child.stdout.trim(),
      `config target: cannot read the ssh config ${join(h, '.ssh', 'config')}: permission denied (ssh refuses to run without it too: make it readable, or move it away)`,
    );
  });
});
