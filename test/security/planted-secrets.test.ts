/**
 * Planted secrets, searched for in every artifact of real runs over the real sshd: the become
 * password (also the SSH login password of a second host), an encrypted key's passphrase, a
 * `no_log` task's output, `sensitive` arguments (a command's stdin and env, given through a
 * var and through --extra-vars), and wrong passwords and passphrases on the failure paths.
 * Every renderer (plain, json, tty on a real pty under script(1)), every -v level, the report,
 * events, JUnit and metrics files, stdout and stderr: no secret appears raw, JSON-escaped or in
 * base64, and the mask shows that redaction happened. A failed `no_log` task still says why.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PASSPHRASE_ENV } from '../../src/connection/ssh-auth.js';
import { MASK, NO_LOG_CENSORED } from '../../src/events/redact.js';
import { runCli } from '../cli/run-cli.js';
import { startSshd, type TestSshd } from '../harness/sshd.js';
import { tempDir } from '../harness/temp-dir.js';

const root = join(import.meta.dirname, '..', '..');
const playbook = join(import.meta.dirname, '..', 'fixtures', 'security', 'planted-secrets.yaml');

/** Distinct values, each long enough to be masked inside longer text. */
const PLANTED = {
  passphrase: 'phrase-"Qx\\7k-9f3K',
  nolog: 'nolog-Zq8wX1-value',
  stdin: 'stdin-Hk3Lm9-value',
  env: 'env-Vb7Nc2-value',
  wrongBecome: 'wrong-become-J4kT8',
  wrongPassphrase: 'wrong-phrase-R2dW6',
  wrongSshPassword: 'wrong-sshpw-E5yQ1',
};

let sshd: TestSshd;
let dir: string;
let encryptedKey: string;
let secrets: Record<string, string>;

before(async () => {
  sshd = await startSshd();
  dir = tempDir('certbook-planted-');
  encryptedKey = join(dir, 'id_encrypted');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', PLANTED.passphrase, '-C', 'planted', '-f', encryptedKey]);
  appendFileSync(join(sshd.dir, 'authorized', sshd.sudoUser), readFileSync(`${encryptedKey}.pub`));
  secrets = { become: sshd.password, ...PLANTED };
});

after(async () => {
  await sshd?.stop();
});

/** An inventory of the given hosts (name → their own variables) on the test sshd. */
function inventory(name: string, hosts: Record<string, Record<string, string>>): string {
  const file = join(dir, `${name}.yaml`);
  const lines = ['all:', '  hosts:'];
  for (const [host, vars] of Object.entries(hosts)) {
    lines.push(`    ${host}:`, '      ansible_host: 127.0.0.1', `      ansible_port: ${sshd.port}`, `      ansible_user: ${sshd.sudoUser}`);
    for (const [k, v] of Object.entries(vars)) lines.push(`      ${k}: ${JSON.stringify(v)}`);
  }
  lines.push(
    '  vars:',
    `    ansible_ssh_common_args: -o UserKnownHostsFile=${sshd.knownHostsFile}`,
    `    nolog_secret: ${JSON.stringify(PLANTED.nolog)}`,
    `    stdin_secret: ${JSON.stringify(PLANTED.stdin)}`,
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const byKey = (extra: Record<string, string> = {}) => ({
  ansible_ssh_private_key_file: encryptedKey,
  ansible_become_password: sshd.password,
  ...extra,
});
const byPassword = (password: string) => ({ ansible_password: password, ansible_become_password: sshd.password });

/** What one run left: its output and every file it wrote, by name. */
interface Artifacts {
  code: number;
  texts: Record<string, string>;
}

/** The output flags of one run, into a directory of its own. */
function outputs(runDir: string): string[] {
  return [
    '--report',
    join(runDir, 'report.json'),
    '--events',
    join(runDir, 'events.jsonl'),
    '--junit',
    join(runDir, 'junit.xml'),
    '--metrics',
    join(runDir, 'metrics.prom'),
  ];
}

function filesOf(runDir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(runDir).map((f) => [f, readFileSync(join(runDir, f), 'utf8')]));
}

/** `certbook run` in this process (plain and json renderers). */
async function runInProcess(label: string, inv: string, args: string[], env: Record<string, string> = {}): Promise<Artifacts> {
  const runDir = tempDir(`certbook-planted-${label.replace(/\W+/g, '-')}-`);
  const r = await runCli(['run', playbook, '-i', inv, ...outputs(runDir), '-e', `env_secret=${PLANTED.env}`, ...args], {
    env: { HOME: dir, CI: 'true', [PASSPHRASE_ENV]: PLANTED.passphrase, ...env },
  });
  return { code: r.code, texts: { stdout: r.stdout, stderr: r.stderr, ...filesOf(runDir) } };
}

/** `certbook run --renderer tty` on a real pseudo-terminal (script(1)), as a child process. */
async function runOnTty(inv: string, args: string[]): Promise<Artifacts> {
  const runDir = tempDir('certbook-planted-tty-');
  const command = [
    process.execPath,
    'bin/certbook.js',
    'run',
    playbook,
    '-i',
    inv,
    ...outputs(runDir),
    '-e',
    `env_secret=${PLANTED.env}`,
    '--renderer',
    'tty',
    ...args,
  ]
    .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, TERM: 'xterm-256color', [PASSPHRASE_ENV]: PLANTED.passphrase };
  delete env.CI;
  const child = spawn('script', ['-qec', `stty cols 120 rows 40; exec ${command}`, '/dev/null'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { code, texts: { tty: stdout, stderr, ...filesOf(runDir) } };
}

/** Every form a secret could leak in: as is, JSON-escaped, base64. */
function forms(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString('base64')])];
}

/** Every (artifact, secret, form) that leaked, listed together so one failure names them all. */
function assertNoSecret(label: string, run: Artifacts): void {
  const leaks: string[] = [];
  for (const [artifact, text] of Object.entries(run.texts)) {
    for (const [name, secret] of Object.entries(secrets)) {
      for (const form of forms(secret)) if (text.includes(form)) leaks.push(`${artifact}: ${name} ${JSON.stringify(form)}`);
    }
  }
  assert.deepEqual(leaks, [], `${label}: planted secrets leaked`);
}

const LEVELS = ['', '-v', '-vv', '-vvv', '-vvvv'];

test('a successful run: no planted secret in any artifact, at any -v level, in any renderer; masks and the no_log reason are shown', async () => {
  const inv = inventory('good', { 'by-key': byKey(), 'by-password': byPassword(sshd.password) });
  const runs: Array<[string, Artifacts]> = [];
  // The whole matrix: 3 renderers × 5 levels, 15 runs.
  for (const level of LEVELS) {
    const v = level ? [level] : [];
    for (const renderer of ['plain', 'json'])
      runs.push([`${renderer} ${level || '-v0'}`, await runInProcess(`${renderer}${level}`, inv, ['--renderer', renderer, ...v])]);
    runs.push([`tty ${level || '-v0'}`, await runOnTty(inv, v)]);
  }
  for (const [label, run] of runs) {
    assert.equal(run.code, 0, `${label}: ${run.texts.stdout ?? run.texts.tty}${run.texts.stderr}`);
    assertNoSecret(label, run);
    const report = run.texts['report.json']!;
    // Redaction, not silence: what was echoed is there, masked.
    for (const shown of [`pw=${MASK}`, `env=${MASK}`, `"stdout": "${MASK}"`])
      assert.ok(report.includes(shown), `${label}: the report shows ${shown}`);
    assert.ok(report.includes(NO_LOG_CENSORED), `${label}: the no_log result is censored`);
    assert.match(
      report,
      /"censored": "[^"]+",\s*"changed": true,\s*"failed": true,\s*"msg": "non-zero return code"/,
      `${label}: the no_log failure still says why`,
    );
    assert.ok(
      report.includes(`"msg": "refused ${MASK}"`),
      `${label}: a no_log failure message quoting its own values is shown, those values masked`,
    );
    assert.ok(run.texts['events.jsonl']!.includes(`"msg":"refused item ${MASK}"`), `${label}: so is a no_log loop item's`);
  }
  const verbose = runs.find(([l]) => l === 'plain -vvvv')![1].texts.stdout!;
  assert.ok(verbose.includes(`pw=${MASK}`), 'the echoed password is shown masked on screen at -vvvv');
  assert.match(verbose, /non-zero return code/, "the no_log failure's reason is on screen");
});

test('failure paths: a wrong become password, a wrong SSH password and a wrong key passphrase are reported without any secret', async () => {
  const wrong = inventory('wrong', {
    'wrong-become': byKey({ ansible_become_password: PLANTED.wrongBecome }),
    'wrong-password': byPassword(PLANTED.wrongSshPassword),
  });
  for (const renderer of ['plain', 'json']) {
    const run = await runInProcess(`wrong-${renderer}`, wrong, ['--renderer', renderer, '-vvvv']);
    assert.equal(run.code, 2, run.texts.stdout! + run.texts.stderr!);
    assertNoSecret(`wrong credentials (${renderer})`, run);
    const report = JSON.parse(run.texts['report.json']!) as { stats: Record<string, { failed: number; unreachable: number }> };
    assert.equal(report.stats['wrong-become']!.failed, 1, 'the wrong become password fails the task');
    assert.equal(report.stats['wrong-password']!.unreachable, 1, 'the wrong SSH password makes the host unreachable');
  }
  const phrase = inventory('phrase', { 'by-key': byKey() });
  const run = await runInProcess('wrong-phrase', phrase, ['--renderer', 'plain', '-vvvv'], { [PASSPHRASE_ENV]: PLANTED.wrongPassphrase });
  assert.notEqual(run.code, 0);
  assertNoSecret('wrong passphrase', run);
  assert.match(run.texts.stdout! + run.texts.stderr!, /bad passphrase/, 'the cause is named');
});
