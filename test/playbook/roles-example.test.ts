/**
 * The done-when of roles (#17): examples/roles/ntp.yml, a role laid out after geerlingguy.ntp
 * (defaults, per-OS-family vars through include_vars, a template that notifies a restart
 * handler, a meta dependency with a parameter), runs unchanged through the CLI over the real
 * sshd with a fake systemctl: the first run configures and restarts, the second changes nothing.
 */
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../cli/run-cli.js';
import { startSshd, type TestSshd } from '../harness/sshd.js';
import { tempDir } from '../harness/temp-dir.js';
import { writeFakeInit } from '../steps-run/fake-init.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'roles');
let sshd: TestSshd;
let dir: string;
let bin: string;
let state: string;

before(async () => {
  dir = tempDir('certbook-roles-example-');
  chmodSync(dir, 0o755);
  bin = join(dir, 'bin');
  state = join(dir, 'state');
  writeFakeInit(bin, state);
  writeFileSync(join(state, 'ntp.unit'), '');
  cpSync(EXAMPLE, join(dir, 'example'), { recursive: true });
  // The target's /etc for the SSH user: the role's dependency creates the directory itself.
  writeFileSync(
    join(dir, 'inventory.yaml'),
    `${[
      'all:',
      '  hosts:',
      '    timekeeper:',
      '      ansible_host: 127.0.0.1',
      `      ansible_port: @PORT@`,
      '      ansible_user: @USER@',
      '      ansible_ssh_private_key_file: @KEY@',
      '      ansible_ssh_common_args: -o UserKnownHostsFile=@KNOWN@',
      `      ntp_config_file: ${join(dir, 'target', 'ntp', 'ntp.conf')}`,
    ].join('\n')}\n`,
  );
  chmodSync(dir, 0o777);
  sshd = await startSshd({ extraConfig: [`SetEnv PATH=${bin}:/usr/bin:/bin`] });
  const inventory = readFileSync(join(dir, 'inventory.yaml'), 'utf8')
    .replace('@PORT@', String(sshd.port))
    .replace('@USER@', sshd.user)
    .replace('@KEY@', sshd.keyFile)
    .replace('@KNOWN@', sshd.knownHostsFile);
  writeFileSync(join(dir, 'inventory.yaml'), inventory);
});

after(async () => {
  await sshd?.stop();
});

/** The recap's counters for the one host, from the plain output. */
function recap(stdout: string): Record<string, number> {
  const line = stdout.split('\n').find((l) => l.startsWith('timekeeper'));
  assert.ok(line, stdout);
  return Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
}

/** What the fake systemctl was asked to change, in order. */
function actions(): string[] {
  return readFileSync(join(state, 'log'), 'utf8')
    .split('\n')
    .filter((l) => /^systemctl (start|restart|stop|enable|disable) /.test(l));
}

test('the ntp role configures, starts and enables ntp, restarting it once; run again, it changes nothing', async () => {
  const run = () => runCli(['run', 'ntp.yml', '-i', join(dir, 'inventory.yaml')], { cwd: join(dir, 'example'), env: { HOME: dir } });
  const first = await run();
  assert.equal(first.code, 0, first.stdout + first.stderr);
  assert.match(first.stdout, /TASK \[config_dir : Ensure the configuration directory exists\.\]/);
  assert.match(first.stdout, /RUNNING HANDLER \[ntp : restart ntp\]/);
  assert.deepEqual(recap(first.stdout), { ok: 7, changed: 4, unreachable: 0, failed: 0, skipped: 1, rescued: 0, ignored: 0 });
  const conf = readFileSync(join(dir, 'target', 'ntp', 'ntp.conf'), 'utf8');
  assert.match(conf, /^server 0\.de\.pool\.ntp\.org iburst$/m, "the role parameter reached the defaults' template");
  assert.match(conf, /^restrict ::1$/m);
  assert.equal(statSync(join(dir, 'target', 'ntp')).mode & 0o777, 0o755, 'the dependency made the directory with its default mode');
  assert.deepEqual(actions(), ['systemctl enable ntp', 'systemctl start ntp', 'systemctl restart ntp']);
  assert.ok(existsSync(join(state, 'ntp.running')) && existsSync(join(state, 'ntp.enabled')));

  const second = await run();
  assert.equal(second.code, 0, second.stdout + second.stderr);
  assert.equal(recap(second.stdout).changed, 0, second.stdout);
  assert.doesNotMatch(second.stdout, /RUNNING HANDLER/);
  assert.equal(actions().length, 3, 'the second run asked systemctl for no change');
});
