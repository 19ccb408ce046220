/**
 * Safe defaults, over the real sshd: strict host keys (an unknown key is refused before anything
 * runs, a changed one is refused even under accept-new), run artefacts (--report, --events,
 * --junit, --metrics) private and written whole, and temporary files on hosts private while
 * they exist and gone after success and after failure.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  type FSWatcher,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openHost } from '../../src/connection/open-host.js';
import { runCli } from '../cli/run-cli.js';
import { settingsFor } from '../harness/ssh-settings.js';
import { startSshd, type TestSshd } from '../harness/sshd.js';
import { tempDir } from '../harness/temp-dir.js';

let sshd: TestSshd;
let dir: string;
const mounts: string[] = [];

before(async () => {
  sshd = await startSshd();
  dir = tempDir('certbook-safe-');
  chmodSync(dir, 0o755);
});

after(async () => {
  for (const m of mounts) execFileSync('umount', [m]);
  await sshd?.stop();
});

/** An inventory for the sshd's sudo user, with `known` as its only known_hosts file. */
function sshInventory(name: string, known: string): string {
  const file = join(dir, `${name}.inv.yaml`);
  writeFileSync(
    file,
    `${[
      'all:',
      '  hosts:',
      '    target:',
      `      ansible_host: ${sshd.host}`,
      `      ansible_port: ${sshd.port}`,
      `      ansible_user: ${sshd.sudoUser}`,
      `      ansible_ssh_private_key_file: ${sshd.keyFile}`,
      `      ansible_become_password: ${JSON.stringify(sshd.password)}`,
      `      ansible_ssh_common_args: -o UserKnownHostsFile=${known}`,
    ].join('\n')}\n`,
  );
  return file;
}

function playbook(name: string, tasks: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `- hosts: all\n  gather_facts: false\n  tasks:\n${tasks}`);
  return file;
}

/** A tmpfs of 64 KiB, filled to the last byte, so every write into it fails with ENOSPC. */
function fullDisk(name: string, before: (mnt: string) => void = () => {}): string {
  const mnt = join(dir, name);
  mkdirSync(mnt);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0777', 'tmpfs', mnt]);
  mounts.push(mnt);
  before(mnt);
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${join(mnt, 'filler')}`, 'bs=4k'], { stdio: 'ignore' });
  } catch {
    // dd stops at ENOSPC: that is the point.
  }
  return mnt;
}

test('host keys: unknown refused before anything runs, a changed key refused even under accept-new, only an explicit opt-out connects', async () => {
  const drop = join(dir, 'drop');
  mkdirSync(drop);
  chmodSync(drop, 0o777);
  const marker = join(drop, `ran-${randomBytes(4).toString('hex')}`);
  const pb = playbook('touch', `    - command: touch ${marker}\n`);
  const empty = join(dir, 'known-empty');
  writeFileSync(empty, '');
  const unknown = await runCli(['run', pb, '-i', sshInventory('unknown', empty)], { env: {} });
  assert.equal(unknown.code, 3, unknown.stdout + unknown.stderr);
  assert.match(unknown.stdout, /fatal: \[target\]: UNREACHABLE!/);
  assert.ok(unknown.stdout.includes(sshd.hostKeyFingerprint), 'the fingerprint is shown');
  assert.match(unknown.stdout, /ssh-keyscan -p \d+ 127\.0\.0\.1 >> ~\/\.ssh\/known_hosts/);
  assert.equal(readFileSync(empty, 'utf8'), '', 'strict mode records nothing');
  assert.ok(!existsSync(marker), 'nothing ran on a host whose key is unknown');

  // Another key recorded for this host and port: the server's key has "changed".
  const other = join(dir, 'other_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
  const changedFile = join(dir, 'known-changed');
  const changedLine = `[${sshd.host}]:${sshd.port} ${readFileSync(`${other}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ')}\n`;
  writeFileSync(changedFile, changedLine);
  for (const env of [{}, { ANSIBLE_HOST_KEY_CHECKING: 'False' }]) {
    const changed = await runCli(['run', pb, '-i', sshInventory('changed', changedFile), '--host-key-checking', 'accept-new'], { env });
    assert.equal(changed.code, 3, changed.stdout + changed.stderr);
    assert.match(changed.stdout, /host key mismatch/);
    assert.ok(changed.stdout.includes(sshd.hostKeyFingerprint), 'the presented fingerprint is named');
    assert.equal(readFileSync(changedFile, 'utf8'), changedLine, 'the recorded key is not replaced');
    assert.ok(!existsSync(marker), 'nothing ran on a host whose key changed');
  }

  const optOut = await runCli(['run', pb, '-i', sshInventory('unknown', empty)], { env: { ANSIBLE_HOST_KEY_CHECKING: 'False' } });
  assert.equal(optOut.code, 0, optOut.stdout + optOut.stderr);
  assert.match(optOut.stderr, /host key checking is off/);
  assert.ok(existsSync(marker), 'the explicit opt-out connects');
});

const LOCAL_PB = `    - command: echo hello\n      changed_when: false\n`;

function localInventory(): string {
  const file = join(dir, 'local.inv.yaml');
  writeFileSync(file, 'all:\n  hosts:\n    here: {ansible_connection: local}\n');
  return file;
}

function artefacts(into: string): Record<'report' | 'events' | 'junit' | 'metrics', string> {
  return { report: join(into, 'r.json'), events: join(into, 'e.jsonl'), junit: join(into, 'j.xml'), metrics: join(into, 'm.prom') };
}

function artefactFlags(files: Record<string, string>): string[] {
  return Object.entries(files).flatMap(([flag, file]) => [`--${flag}`, file]);
}

test('run artefacts: mode 0600 over an existing 0644 file and under umask 000; report, junit and metrics replaced by rename', async () => {
  const into = join(dir, 'artefacts');
  mkdirSync(into);
  const files = artefacts(into);
  const inodes: Record<string, number> = {};
  for (const [k, f] of Object.entries(files)) {
    writeFileSync(f, 'OLD\n', { mode: 0o644 });
    chmodSync(f, 0o644);
    inodes[k] = statSync(f).ino;
  }
  const umask = process.umask(0);
  let result;
  try {
    result = await runCli(['run', playbook('local', LOCAL_PB), '-i', localInventory(), ...artefactFlags(files)], { env: {} });
  } finally {
    process.umask(umask);
  }
  assert.equal(result.code, 0, result.stdout + result.stderr);
  for (const [k, f] of Object.entries(files)) {
    assert.equal(statSync(f).mode & 0o777, 0o600, `--${k} is private`);
    if (k === 'events') {
      // The events file is a log appended as the run goes: same file, narrowed, grown.
      assert.equal(statSync(f).ino, inodes[k]);
      assert.match(readFileSync(f, 'utf8'), /^OLD\n\{/);
    } else {
      assert.notEqual(statSync(f).ino, inodes[k], `--${k} was renamed into place, not rewritten in place`);
      assert.ok(!readFileSync(f, 'utf8').includes('OLD'));
    }
  }
  assert.deepEqual(readdirSync(into).sort(), ['e.jsonl', 'j.xml', 'm.prom', 'r.json'], 'no temporary file left');
});

test('--output-mode widens the artefacts when asked (0644 for node_exporter), and refuses what others could write', async () => {
  const into = join(dir, 'artefacts-0644');
  mkdirSync(into);
  const files = artefacts(into);
  const umask = process.umask(0o077);
  let result;
  try {
    result = await runCli(['run', playbook('local', LOCAL_PB), '-i', localInventory(), ...artefactFlags(files), '--output-mode', '0644'], {
      env: {},
    });
  } finally {
    process.umask(umask);
  }
  assert.equal(result.code, 0, result.stdout + result.stderr);
  for (const [k, f] of Object.entries(files)) assert.equal(statSync(f).mode & 0o777, 0o644, `--${k} is 0644, whatever the umask`);
  for (const bad of ['0666', '0602', '644x', '1755', '8']) {
    const refused = await runCli(['run', playbook('local', LOCAL_PB), '-i', localInventory(), '--output-mode', bad], { env: {} });
    assert.equal(refused.code, 5, `${bad}: ${refused.stderr}`);
    assert.match(refused.stderr, /--output-mode/);
  }
});

test('run artefacts: a failed write (disk full) leaves the old files intact and no temporary file', async () => {
  const files = artefacts('');
  const mnt = fullDisk('full-artefacts', (m) => {
    for (const k of ['report', 'junit', 'metrics'] as const) writeFileSync(join(m, files[k]), `OLD ${k}\n`, { mode: 0o600 });
  });
  const flags = artefactFlags({ report: join(mnt, files.report), junit: join(mnt, files.junit), metrics: join(mnt, files.metrics) });
  const result = await runCli(['run', playbook('local', LOCAL_PB), '-i', localInventory(), ...flags], { env: {} });
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.match(result.stderr, /ENOSPC/);
  for (const k of ['report', 'junit', 'metrics'] as const)
    assert.equal(readFileSync(join(mnt, files[k]), 'utf8'), `OLD ${k}\n`, `--${k} intact`);
  assert.deepEqual(readdirSync(mnt).sort(), ['filler', 'j.xml', 'm.prom', 'r.json'], 'no temporary file left');
});

test('run artefacts: a symbolic link at the path is refused before the run, never replaced nor written through', async () => {
  const into = join(dir, 'links');
  mkdirSync(into);
  const victim = join(dir, 'victim');
  writeFileSync(victim, 'VICTIM\n', { mode: 0o644 });
  const files = artefacts(into);
  for (const f of Object.values(files)) symlinkSync(victim, f);
  for (const [k, f] of Object.entries(files)) {
    const result = await runCli(['run', playbook('local', LOCAL_PB), '-i', localInventory(), ...artefactFlags({ [k]: f })], { env: {} });
    assert.equal(result.code, 5, result.stdout + result.stderr);
    assert.match(result.stderr, new RegExp(`--${k} \\S+ cannot be written: it is a symbolic link`));
    assert.ok(lstatSync(f).isSymbolicLink(), `${f} is still the link`);
  }
  assert.equal(readFileSync(victim, 'utf8'), 'VICTIM\n', 'the link target is untouched');
  assert.equal(statSync(victim).mode & 0o777, 0o644);
});

/**
 * Notes the mode of each temporary file or directory in `dirs` the moment it appears (`seen`),
 * and every mode it has whenever it changes (`all`).
 */
function watchTemps(dirs: readonly string[], pattern: RegExp): { seen: Map<string, number>; all: Map<string, Set<number>>; close(): void } {
  const seen = new Map<string, number>();
  const all = new Map<string, Set<number>>();
  const watchers: FSWatcher[] = dirs.map((d) =>
    watch(d, (_event, name) => {
      if (!name || !pattern.test(name)) return;
      try {
        const mode = statSync(join(d, name)).mode & 0o7777;
        if (!seen.has(join(d, name))) seen.set(join(d, name), mode);
        all.set(join(d, name), (all.get(join(d, name)) ?? new Set()).add(mode));
      } catch {
        // Already renamed or removed before we looked.
      }
    }),
  );
  return { seen, all, close: () => watchers.forEach((w) => w.close()) };
}

/** Every certbook temporary name under `roots` (recursively). */
function leftovers(roots: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (/\.certbook-.*\.tmp$|^certbook-unarchive\./.test(e.name)) found.push(join(d, e.name));
      else if (e.isDirectory()) walk(join(d, e.name));
    }
  };
  for (const r of roots) walk(r);
  return found;
}

/**
 * The unarchive staging directories that appeared in /tmp during the run and are still there.
 * /tmp is shared: another test file unarchiving at the same time (unarchive.test.ts) has its own
 * there for a moment, so each one is given up to 30 s to go away; one of ours left behind never does.
 */
async function stagingLeftInTmp(seen: Iterable<string>): Promise<string[]> {
  const ours = [...seen].filter((p) => p.startsWith('/tmp/certbook-unarchive.'));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const left = ours.filter((p) => existsSync(p));
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('temporary files on the host: private while they exist (copy with and without become, archive, unarchive), none left after success or failure', async () => {
  const work = join(dir, 'host');
  const places = { plain: join(work, 'plain'), root: join(work, 'root'), backups: join(work, 'backups'), restored: join(work, 'restored') };
  mkdirSync(work, { mode: 0o755 });
  mkdirSync(places.plain, { mode: 0o777 });
  chmodSync(places.plain, 0o777);
  for (const d of [places.root, places.backups, places.restored]) mkdirSync(d, { mode: 0o755 });
  const big = join(dir, 'big.bin');
  writeFileSync(big, randomBytes(24 * 1024 * 1024));
  writeFileSync(join(work, 'corrupt.tar.gz'), Buffer.concat([Buffer.from([0x1f, 0x8b]), randomBytes(4096)]));
  const full = fullDisk('full-host');
  const known = sshd.knownHostsFile;
  const pb = playbook(
    'temps',
    `${[
      `    - copy: {src: ${big}, dest: ${places.plain}/big.bin}`,
      `    - copy: {src: ${big}, dest: ${places.root}/big.bin}\n      become: true`,
      `    - archive: {path: ${places.root}, dest: ${places.backups}}\n      become: true\n      register: backup`,
      `    - unarchive: {src: "{{ backup.archive }}", dest: ${places.restored}}\n      become: true`,
      `    - slurp: {src: ${places.plain}/big.bin, max_size: 30000000}\n      register: slurped\n      no_log: true`,
      // Failures: validate refuses, the disk is full, the tarball is corrupt.
      `    - copy: {content: "x", dest: ${places.root}/v.txt, validate: "false %s"}\n      become: true\n      ignore_errors: true`,
      `    - copy: {src: ${big}, dest: ${full}/big.bin}\n      ignore_errors: true`,
      `    - archive: {path: ${places.root}, dest: ${full}}\n      become: true\n      ignore_errors: true`,
      `    - unarchive: {src: ${work}/corrupt.tar.gz, dest: ${places.restored}}\n      become: true\n      ignore_errors: true`,
      `    - unarchive: {src: "{{ backup.archive }}", dest: ${full}/r}\n      become: true\n      ignore_errors: true`,
    ].join('\n')}\n`,
  );
  const watcher = watchTemps([places.plain, places.root, places.backups, '/tmp'], /\.certbook-.*\.tmp$|^certbook-unarchive\./);
  const started = Date.now();
  let result;
  try {
    result = await runCli(['run', pb, '-i', sshInventory('temps', known), '--renderer', 'json'], { env: {} });
  } finally {
    watcher.close();
  }
  const elapsed = Date.now() - started;
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const failedTasks = result.stdout.split('\n').filter((l) => l.includes('"failed":true')).length;
  assert.ok(failedTasks >= 5, `the five failures happened (${failedTasks} failed lines)`);
  const seen = [...watcher.seen].map(([p, mode]) => `${p.replace(dir, '')} ${mode.toString(8)}`);
  console.log(`temporary files seen (${elapsed} ms):\n  ${seen.join('\n  ')}`);
  for (const where of [places.plain, places.root, places.backups]) {
    assert.ok(
      [...watcher.seen.keys()].some((p) => p.startsWith(`${where}/`)),
      `a temporary file was seen in ${where}`,
    );
  }
  assert.ok(
    [...watcher.seen.keys()].some((p) => p.startsWith('/tmp/certbook-unarchive.')),
    'the unarchive staging dir was seen',
  );
  for (const [p, mode] of watcher.seen) {
    const want = p.startsWith('/tmp/certbook-unarchive.') ? 0o700 : 0o600;
    assert.equal(mode, want, `${p} was created ${mode.toString(8)}, not ${want.toString(8)}`);
  }
  assert.deepEqual(leftovers([work, full]), [], 'no temporary file left behind');
  assert.deepEqual(await stagingLeftInTmp(watcher.seen.keys()), [], 'no unarchive staging directory left in /tmp');
  assert.ok(statSync(join(places.restored, 'big.bin')).isFile(), 'the restore worked');
});

test('Host.writeFile with a mode (sftp, and the shell under become): the temporary file is never wider than that mode', async () => {
  const into = join(dir, 'writefile');
  mkdirSync(into);
  chmodSync(into, 0o777);
  const host = await openHost(settingsFor(sshd, { user: sshd.sudoUser }));
  const secret = randomBytes(24 * 1024 * 1024);
  const watcher = watchTemps([into], /\.certbook-.*\.tmp$/);
  try {
    await host.writeFile(join(into, 'sftp.key'), secret, { mode: 0o600 });
    await host.writeFile(join(into, 'sudo.key'), secret, {
      mode: 0o600,
      become: { method: 'sudo', user: 'root', password: sshd.password },
    });
  } finally {
    watcher.close();
    await host.close();
  }
  const modes = [...watcher.all].map(([p, m]) => `${p.replace(into, '')}: ${[...m].map((x) => x.toString(8)).join(',')}`);
  console.log(`modes of the temporary files while written: ${modes.join('; ')}`);
  assert.equal(watcher.all.size, 2, 'both temporary files were seen');
  for (const [p, m] of watcher.all)
    for (const mode of m) assert.equal(mode & 0o077, 0, `${p} was ${mode.toString(8)} while holding the data`);
  for (const f of ['sftp.key', 'sudo.key']) assert.equal(statSync(join(into, f)).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(into).sort(), ['sftp.key', 'sudo.key']);
});
