/**
 * The hostile inventory over the real sshd, with sudo: host names, variables, `become_user`,
 * `delegate_to`, `ansible_host` and `ansible_user` made of shell syntax (`;`, `$()`, backticks,
 * quotes, newlines, a leading `-o`). Every one reaches the host as a literal (a file name, an
 * argument, a user name) or is refused with a clear message; a canary `touch PWNED` never runs.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { checkHostKey } from '../../src/connection/host-key-check.js';
import { knownHostsLine } from '../../src/connection/known-hosts.js';
import { runCli } from '../cli/run-cli.js';
import { startSshd, type TestSshd } from '../harness/sshd.js';
import { tempDir } from '../harness/temp-dir.js';

const CANARY = 'touch PWNED';
const HOSTILE_HOSTS = [
  `semi;${CANARY}`,
  `$(${CANARY})`,
  `\`${CANARY}\``,
  `quote'"; ${CANARY} #`,
  `nl\n${CANARY}`,
  `-oProxyCommand=${CANARY}`,
  // Closes a `for … in GLOB; do` a script might build from the name, then runs the canary.
  `loop; do :; done; ${CANARY}; for f in x`,
];
const HOSTILE_VAR = `x'; ${CANARY}; echo "$(${CANARY})" \`${CANARY}\` \\\n${CANARY} #`;
const HOSTILE_USER = `$(${CANARY})`;

let sshd: TestSshd;
let dir: string;
let work: string;

before(async () => {
  sshd = await startSshd();
  dir = tempDir('certbook-hostile-ssh-');
  chmodSync(dir, 0o755);
  work = join(dir, 'work');
  mkdirSync(work);
  chmodSync(work, 0o777);
  // A canary left by an earlier broken run must not fail (or pass for) this one.
  for (const place of canaryPlaces()) rmSync(join(place, 'PWNED'), { force: true });
});

after(async () => {
  await sshd?.stop();
});

/** The places a `touch PWNED` run by some shell on the "host" would land. */
function canaryPlaces(): string[] {
  const homes = [sshd.user, sshd.sudoUser].map((u) => execFileSync('getent', ['passwd', u], { encoding: 'utf8' }).split(':')[5]!);
  return [dir, work, ...readdirSync(work).map((e) => join(work, e)), '/tmp', '/root', homedir(), process.cwd(), ...homes];
}

function assertNoCanary(): void {
  for (const place of canaryPlaces()) assert.ok(!existsSync(join(place, 'PWNED')), `PWNED appeared in ${place}`);
}

function inventory(name: string, hosts: Record<string, Record<string, unknown>>, vars: Record<string, unknown> = {}): string {
  const file = join(dir, `${name}.yaml`);
  const connection = {
    ansible_port: sshd.port,
    ansible_ssh_private_key_file: sshd.keyFile,
    ansible_become_password: sshd.password,
    ansible_ssh_common_args: `-o UserKnownHostsFile=${sshd.knownHostsFile}`,
  };
  // JSON is YAML: every hostile string goes in exactly, newlines included.
  writeFileSync(file, JSON.stringify({ all: { hosts, vars: { ...connection, ...vars } } }, null, 2));
  return file;
}

function certificate(): string {
  const key = join(dir, 'k.pem');
  const crt = join(dir, 'c.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      crt,
      '-days',
      '30',
      '-subj',
      '/CN=hostile',
    ],
    { stdio: 'ignore' },
  );
  return readFileSync(crt, 'utf8');
}

const TASKS = `- hosts: all
  gather_facts: false
  become: true
  vars:
    here: "{{ work_dir }}/{{ inventory_hostname }}"
    evil_file: "{{ work_dir }}/{{ inventory_hostname }}/{{ evil_var }}"
  tasks:
    - file: {path: "{{ here }}", state: directory, mode: "0777"}
    - copy: {dest: "{{ evil_file }}", content: "{{ evil_var }}", validate: "test -s %s"}
    - copy: {src: "{{ evil_file }}", dest: "{{ evil_file }}.copy", remote_src: true}
      become: false
    - copy: {dest: "{{ evil_file }}.pem", content: "{{ cert_pem }}"}
    - stat: {path: "{{ evil_file }}"}
      register: st
    - find: {paths: "{{ here }}", patterns: "x*"}
      register: found
    - slurp: {src: "{{ evil_file }}"}
      register: slurped
    - x509_info: {path: "{{ evil_file }}.pem"}
      register: cert
    - command:
        argv: [printf, "%s", "{{ evil_var }}"]
      register: printed
      changed_when: false
    - shell: "printf '%s %s' {{ evil_var | quote }} {{ inventory_hostname | quote }}"
      register: shelled
      changed_when: false
    - archive: {path: "{{ here }}", dest: "{{ here }}.bak"}
      register: backup
    - name: again, now that the backup directory exists (a second run lists its tarballs)
      archive: {path: "{{ here }}", dest: "{{ here }}.bak"}
      register: again
    - unarchive: {src: "{{ backup.archive }}", dest: "{{ here }}.restored"}
    - command: id -un
      become_user: "{{ evil_user }}"
      register: as_evil
      ignore_errors: true
    - command: id -un
      become_method: su
      become_user: "{{ evil_user }}"
      register: su_evil
      ignore_errors: true
    - command: id -un
      become_method: su
      become_user: "-c touch PWNED"
      register: su_dash
      ignore_errors: true
    - command: id -un
      become_user: "-c touch PWNED"
      register: sudo_dash
      ignore_errors: true
    - command:
        argv: [printf, "%s", "{{ inventory_hostname }}"]
      delegate_to: "{{ inventory_hostname }}"
      register: delegated
      changed_when: false
    - command: "true"
      delegate_to: "127.0.0.1;${CANARY}"
      ignore_unreachable: true
    - assert:
        that:
          - st.stat.exists and st.stat.size == evil_var | length
          - found.matched == 3
          - slurped.content | b64decode == evil_var
          - cert.certificates[0].subject == 'CN=hostile'
          - printed.stdout == evil_var
          - shelled.stdout == evil_var ~ ' ' ~ inventory_hostname
          - not again.changed
          - as_evil.failed
          - su_evil.failed
          - su_dash.failed and sudo_dash.failed
          - delegated.stdout == inventory_hostname
`;

test('hostile host names, vars, become_user and delegate_to over sshd with sudo: literal everywhere, no shell runs them', async () => {
  const hosts = Object.fromEntries(HOSTILE_HOSTS.map((h) => [h, { ansible_host: sshd.host, ansible_user: sshd.sudoUser }]));
  const inv = inventory('hostile', hosts, { work_dir: work, evil_var: HOSTILE_VAR, evil_user: HOSTILE_USER, cert_pem: certificate() });
  const pb = join(dir, 'pb.yaml');
  writeFileSync(pb, TASKS);
  const started = Date.now();
  const result = await runCli(['run', pb, '-i', inv, '--forks', '3'], { env: {} });
  const elapsed = Date.now() - started;
  console.log(`${HOSTILE_HOSTS.length} hostile hosts, ${elapsed} ms`);
  assertNoCanary();
  // The one unreachable delegate is ignored; every host passes its assertions.
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.doesNotMatch(result.stdout, /failed=[1-9]|unreachable=[1-9]/);
  const recap = result.stdout.slice(result.stdout.indexOf('PLAY RECAP')).trim().split('\n').slice(1);
  assert.equal(recap.length, HOSTILE_HOSTS.length, 'one recap line per host, a newline in a name included');
  for (const line of recap) assert.match(line, / : ok=\d+ +changed=/);
  assert.deepEqual(
    readdirSync(work).sort(),
    HOSTILE_HOSTS.flatMap((h) => [h, `${h}.bak`, `${h}.restored`]).sort(),
    'directories named exactly after the hosts',
  );
  for (const h of HOSTILE_HOSTS) {
    assert.deepEqual(readdirSync(join(work, h)).sort(), [HOSTILE_VAR, `${HOSTILE_VAR}.copy`, `${HOSTILE_VAR}.pem`].sort());
    assert.equal(readFileSync(join(work, h, HOSTILE_VAR), 'utf8'), HOSTILE_VAR);
    assert.equal(readFileSync(join(work, `${h}.restored`, `${HOSTILE_VAR}.copy`), 'utf8'), HOSTILE_VAR);
  }
  // sudo was asked for the user literally named "$(touch PWNED)".
  assert.ok(result.stdout.includes(`unknown user ${HOSTILE_USER}`), 'sudo was asked for the literal user');
  // A user name that su would read as an option is refused before anything is sent.
  for (const method of ['su', 'sudo']) {
    const refusals = result.stdout.split('\n').filter((l) => l.includes(`${method} to -c touch PWNED failed: failed: not a user name`));
    assert.equal(refusals.length, HOSTILE_HOSTS.length, `${method}: a leading "-" user refused on every host`);
  }
});

test('hostile ansible_host and ansible_user: unreachable with a clear message, no shell', async () => {
  const hosts = {
    'bad-address': { ansible_host: `127.0.0.1;${CANARY}`, ansible_user: sshd.user },
    'option-address': { ansible_host: `-oProxyCommand=${CANARY}`, ansible_user: sshd.user },
    'subst-user': { ansible_host: sshd.host, ansible_user: `$(${CANARY})` },
    'semi-user': { ansible_host: sshd.host, ansible_user: `${sshd.user};${CANARY}` },
  };
  const pb = join(dir, 'id.yaml');
  writeFileSync(pb, '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: id -un\n');
  const result = await runCli(['run', pb, '-i', inventory('bad-conn', hosts), '--renderer', 'json'], { env: {} });
  assert.equal(result.code, 3, result.stdout + result.stderr);
  const unreachable = result.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { kind: string; host?: string; status?: string; result?: { msg?: string } })
    .filter((e) => e.kind === 'host_result' && e.status === 'unreachable');
  const messages = Object.fromEntries(unreachable.map((e) => [e.host, e.result?.msg ?? '']));
  assert.deepEqual(Object.keys(messages).sort(), Object.keys(hosts).sort(), 'every hostile connection is unreachable');
  for (const h of ['bad-address', 'option-address']) assert.match(messages[h]!, /ENOTFOUND|resolve|getaddrinfo/i, `${h}: ${messages[h]}`);
  for (const h of ['subst-user', 'semi-user']) assert.match(messages[h]!, /auth/i, `${h}: ${messages[h]}`);
  // sshd saw the user names as they are: invalid users, nothing run.
  assert.match(sshd.logs(), /Invalid user \$\(touch PWNED\)/);
  assertNoCanary();
});

/** An ed25519 public key blob with random key bytes. */
function fakeKey(): Buffer {
  return Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), randomBytes(32)]);
}

/** The words `sh` makes of a hint's command line (between backticks), run with printf in its place. */
function wordsOfHint(hint: string, command: string, cwd: string): string[] {
  // The command sits between the first backtick and the last "` " (the name may hold backticks).
  const line = hint.slice(hint.indexOf('`') + 1, hint.lastIndexOf('` ')).replace(/ >> ~\/\.ssh\/known_hosts$/, '');
  assert.ok(line.startsWith(`${command} `), line);
  const out = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${line.slice(command.length + 1)}`], { cwd, encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

test('the host key hints a user pastes into a shell quote hostile host names', async () => {
  const scratch = join(dir, 'hints');
  mkdirSync(scratch);
  let changedHints = 0;
  let checked = 0;
  // known_hosts is whitespace-separated, so the names below also have blank-free variants.
  const blankFree = [
    'semi;touch${IFS}PWNED',
    '$(touch${IFS}PWNED)',
    '`touch${IFS}PWNED`',
    `quote'";touch\${IFS}PWNED`,
    '-oProxyCommand=touch${IFS}PWNED',
  ];
  for (const host of [...HOSTILE_HOSTS, ...blankFree]) {
    const unknown = await checkHostKey({ mode: 'strict', knownHostsFiles: [join(scratch, 'none')] }, host, 2222, fakeKey());
    assert.ok(!unknown.ok);
    assert.deepEqual(wordsOfHint(unknown.hint, 'ssh-keyscan', scratch), ['-p', '2222', ...(host.startsWith('-') ? ['--'] : []), host]);
    const known = join(scratch, `known-${changedHints++}`);
    writeFileSync(known, `${knownHostsLine(host, 2222, fakeKey())}\n`);
    const changed = await checkHostKey({ mode: 'strict', knownHostsFiles: [known] }, host, 2222, fakeKey());
    if (/\s/.test(host)) continue; // such a name can be neither recorded nor resolved
    assert.ok(!changed.ok && changed.kind === 'changed', host);
    checked++;
    assert.deepEqual(wordsOfHint(changed.hint, 'ssh-keygen', scratch), ['-R', `[${host}]:2222`, '-f', known]);
  }
  assert.equal(checked, blankFree.length);
  assert.ok(!existsSync(join(scratch, 'PWNED')), 'a pasted hint ran the canary');
});
