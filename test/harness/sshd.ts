/**
 * A real OpenSSH sshd for tests: its own config, host key, authorized keys and port on
 * 127.0.0.1, so connection, step, runner and playbook tests exercise the same server users
 * have. Needs root (it creates test users and runs sshd) and the Debian packages
 * `openssh-server` and `sudo`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTestUsers, NO_SHELL_USERS, OPS_USER, SUDO_USER, TEST_PASSWORD, TEST_USER, TTY_USER } from './test-users.js';

/** What a test needs to reach the started sshd. */
export interface TestSshd {
  host: string;
  port: number;
  /** A user with `/bin/sh` as shell and no sudo rights. */
  user: string;
  /** A user whose sudo needs {@link password}; it may also log in with that password. */
  sudoUser: string;
  /** A user whose sudo needs a TTY (`requiretty`) and {@link password}. */
  ttyUser: string;
  /** A user with passwordless sudo that keeps the session's PATH (simulated k3s nodes' operator). */
  opsUser: string;
  /** The password of {@link sudoUser} and {@link ttyUser}. */
  password: string;
  /** Unencrypted ed25519 private key authorized for every test user. */
  keyFile: string;
  /** A known_hosts file holding exactly this server's host key line (`[127.0.0.1]:port …`). */
  knownHostsFile: string;
  /** The host key line itself (`[127.0.0.1]:port ssh-ed25519 AAAA…`). */
  knownHostsLine: string;
  /** `SHA256:…` as `ssh-keygen -l` prints it. */
  hostKeyFingerprint: string;
  /** The host public key as `ssh-ed25519 AAAA…`. */
  hostPublicKey: string;
  /** The extra loopback addresses sshd listens on (see `SshdOptions.extraLoopbacks`). */
  extraHosts: string[];
  /** A scratch directory that is removed on stop. */
  dir: string;
  /** What sshd logged so far (`-e`), for failing tests to print. */
  logs(): string;
  /** Kills sshd and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** Knobs for odd setups; the defaults suit most tests. */
export interface SshdOptions {
  /** sshd `MaxSessions` (channels per connection). OpenSSH's own default is 10. */
  maxSessions?: number;
  /** Also listen on 127.0.0.2 … 127.0.0.(n+1), same port: n distinct host names for one sshd (n ≤ 15). */
  extraLoopbacks?: number;
  /** Extra `Key value` lines; they go first, because sshd keeps the first value it reads. */
  extraConfig?: string[];
  /** Lines appended at the end of sshd_config (where `Match` blocks must go). */
  appendConfig?: string[];
  /**
   * Listen on exactly these addresses (at most 16) instead of 127.0.0.1 and `extraLoopbacks`;
   * `host` is the first, `extraHosts` the others, and the known_hosts file names them all.
   */
  listenAddresses?: string[];
}

const SSHD = '/usr/sbin/sshd';
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Starts an sshd and resolves once it accepts TCP connections. */
export async function startSshd(options: SshdOptions = {}): Promise<TestSshd> {
  ensureTestUsers();
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'certbook-sshd-'));
  // sshd reads AuthorizedKeysFile as the logging-in user, so the path must be traversable.
  chmodSync(dir, 0o755);
  const keyFile = join(dir, 'id_ed25519');
  keygen(join(dir, 'host_ed25519'), 'certbook-test-host');
  keygen(keyFile, 'certbook-test-client');
  mkdirSync(join(dir, 'authorized'), { mode: 0o755 });
  const pub = readFileSync(`${keyFile}.pub`, 'utf8');
  for (const u of [TEST_USER, SUDO_USER, TTY_USER, OPS_USER, ...Object.values(NO_SHELL_USERS)])
    writeFileSync(join(dir, 'authorized', u), pub, { mode: 0o644 });
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    try {
      const child = await launch(dir, port, options);
      return describe(dir, port, keyFile, child, listenHosts(options), options.listenAddresses !== undefined);
    } catch (err) {
      lastError = err as Error; // most likely the port was taken between probe and bind
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError ?? new Error('sshd did not start');
}

function keygen(file: string, comment: string): void {
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function writeConfig(dir: string, port: number, options: SshdOptions): string {
  const lines = [
    ...(options.extraConfig ?? []),
    ...listenHosts(options).map((h) => `ListenAddress ${h}:${port}`),
    `HostKey ${join(dir, 'host_ed25519')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized', '%u')}`,
    'UsePAM no',
    'PubkeyAuthentication yes',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin no',
    'StrictModes no',
    `MaxSessions ${options.maxSessions ?? 64}`,
    'MaxStartups 500:30:1000',
    'MaxAuthTries 20',
    'LogLevel INFO',
    'Subsystem sftp internal-sftp',
    'AllowTcpForwarding yes',
    ...(options.appendConfig ?? []),
  ];
  const file = join(dir, 'sshd_config');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Starts sshd and waits for its "Server listening" line, then for a TCP accept. */
function launch(dir: string, port: number, options: SshdOptions): Promise<ChildProcess> {
  const config = writeConfig(dir, port, options);
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  const log: string[] = [];
  (child as ChildProcess & { certbookLog?: string[] }).certbookLog = log;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      log.push(chunk.toString('utf8'));
      if (log.length > 2000) log.splice(0, 1000);
      // One "Server listening" line per ListenAddress; wait for all of them.
      if ((log.join('').match(/Server listening on/g)?.length ?? 0) >= listenHosts(options).length) {
        child.stderr?.off('data', onData);
        child.stderr?.on('data', (c: Buffer) => log.push(c.toString('utf8')));
        probe(port, listenHosts(options)[0]).then(
          () => {
            track(child);
            resolve(child);
          },
          (err: Error) => {
            child.kill('SIGKILL');
            reject(err);
          },
        );
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`sshd exited (${code}): ${log.join('')}`)));
    child.once('error', reject);
  });
}

/** Every address sshd listens on, the main host first. */
function listenHosts(options: SshdOptions): string[] {
  if (!options.listenAddresses) return ['127.0.0.1', ...loopbacks(options)];
  if (options.listenAddresses.length === 0 || options.listenAddresses.length > 16)
    throw new RangeError('sshd listens on 1 to 16 addresses');
  return options.listenAddresses;
}

function loopbacks(options: SshdOptions): string[] {
  // sshd has 16 listen sockets at most (MAX_LISTEN_SOCKS), one is 127.0.0.1.
  if ((options.extraLoopbacks ?? 0) > 15) throw new RangeError('sshd listens on at most 16 addresses: extraLoopbacks <= 15');
  return Array.from({ length: options.extraLoopbacks ?? 0 }, (_, i) => `127.0.0.${i + 2}`);
}

function probe(port: number, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect(port, host, () => {
      s.destroy();
      resolve();
    });
    s.once('error', reject);
  });
}

function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test that throws before stop() must not leave an sshd listening behind it.
  process.once('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
}

function describe(dir: string, port: number, keyFile: string, child: ChildProcess, hosts: string[], nameAll: boolean): TestSshd {
  const [host = '127.0.0.1', ...extraHosts] = hosts;
  const hostPublicKey = readFileSync(join(dir, 'host_ed25519.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const knownHostsLine = `[${host}]:${port} ${hostPublicKey}`;
  const knownHostsFile = join(dir, 'known_hosts');
  // The default setup names 127.0.0.1 only (as before); an explicit address list names every address.
  writeFileSync(knownHostsFile, (nameAll ? hosts : [host]).map((h) => `[${h}]:${port} ${hostPublicKey}\n`).join(''));
  const fp = run('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'host_ed25519.pub')]).split(/\s+/)[1] ?? '';
  const log = (child as ChildProcess & { certbookLog?: string[] }).certbookLog ?? [];
  let stopped = false;
  return {
    host,
    port,
    user: TEST_USER,
    sudoUser: SUDO_USER,
    ttyUser: TTY_USER,
    opsUser: OPS_USER,
    password: TEST_PASSWORD,
    keyFile,
    knownHostsFile,
    knownHostsLine,
    hostKeyFingerprint: fp,
    hostPublicKey,
    extraHosts,
    dir,
    logs: () => log.join(''),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
