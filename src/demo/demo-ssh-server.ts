/**
 * The demo's SSH server: ssh2's server inside the certbook process, so `certbook demo` needs no
 * sshd. One listener per simulated node, on the node's own loopback address (never anything
 * but loopback), so the address a client connects to says which node it reached, as
 * `Match LocalAddress` does for the test harness's real sshd.
 *
 * It offers what certbook's connection layer uses: public-key auth (one generated client key),
 * `exec` through `/bin/sh -c` with the node's commands first on PATH, and `direct-tcpip`
 * forwarding (tls_probe and wait_for connect from the host's side). No sftp subsystem: certbook
 * then moves files with shell commands, as it does on any host without one. Each command runs
 * in its own session (process group), as under sshd, so certbook's timeouts can kill it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { connect as connectTcp, type Server as NetServer, type Socket } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { AuthContext, Connection, ServerChannel } from 'ssh2';
import ssh2 from 'ssh2';
import { makeSshServerKeys } from './ssh-server-keys.js';

const { Server, utils } = ssh2;

/** The PATH after a node's own commands (Debian's default). */
export const DEMO_SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** One host the server answers for. */
export interface DemoSshHost {
  /** A loopback address (127.0.0.0/8). */
  address: string;
  /** Directories put first on PATH for every command run on this host. */
  pathDirs: readonly string[];
}

/** A running demo SSH server. */
export interface DemoSshServer {
  /** The login name it accepts (the current user). */
  user: string;
  /** Private key (OpenSSH format) the server accepts. */
  keyFile: string;
  /** known_hosts naming every listener with the server's host key. */
  knownHostsFile: string;
  /** The port of each host, by address. */
  portOf(address: string): number;
  stop(): Promise<void>;
}

/** Starts one listener per host; every listener shares the host key and the accepted client key. */
export async function startDemoSshServer(hosts: readonly DemoSshHost[]): Promise<DemoSshServer> {
  for (const h of hosts)
    if (!h.address.startsWith('127.')) throw new RangeError(`the demo SSH server listens on loopback only, not ${h.address}`);
  const { dir, hostKey, keyFile, allowed } = makeSshServerKeys('certbook-demo-ssh-');
  const user = userInfo().username;
  const state: ServerState = { connections: new Set(), children: new Set() };
  const servers: NetServer[] = [];
  const ports = new Map<string, number>();
  try {
    for (const h of hosts) {
      const server = new Server({ hostKeys: [hostKey.private] }, (conn) => onConnection(conn, h, { user, allowed, state }));
      ports.set(h.address, await listen(server, h.address));
      servers.push(server);
    }
  } catch (err) {
    await Promise.all(servers.map(close));
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const pub = utils.parseKey(hostKey.public);
  if (pub instanceof Error) throw pub;
  const knownHostsFile = join(dir, 'known_hosts');
  const line = `${pub.type} ${pub.getPublicSSH().toString('base64')}`;
  writeFileSync(knownHostsFile, hosts.map((h) => `[${h.address}]:${ports.get(h.address)} ${line}\n`).join(''));
  let stopped = false;
  return {
    user,
    keyFile,
    knownHostsFile,
    portOf: (address) => {
      const port = ports.get(address);
      if (port === undefined) throw new Error(`the demo SSH server does not answer for ${address}`);
      return port;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const child of state.children) killGroup(child, 'SIGKILL');
      for (const c of state.connections) c.end();
      await Promise.all(servers.map(close));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface ServerState {
  connections: Set<Connection>;
  children: Set<ChildProcess>;
}

interface ConnectionContext {
  user: string;
  allowed: ssh2.ParsedKey;
  state: ServerState;
}

function onConnection(conn: Connection, host: DemoSshHost, ctx: ConnectionContext): void {
  ctx.state.connections.add(conn);
  conn.on('close', () => ctx.state.connections.delete(conn));
  conn.on('error', () => {});
  conn.on('authentication', (auth) => authenticate(auth, ctx));
  conn.on('ready', () => {
    // Nagle + delayed ACK otherwise cost ~45 ms per exec.
    (conn as unknown as { _sock?: Socket })._sock?.setNoDelay?.(true);
    conn.on('tcpip', (accept, reject, info) => forward(accept, reject, info.destIP, info.destPort));
    conn.on('session', (acceptSession) => {
      const session = acceptSession();
      session.on('exec', (accept, _reject, info) => runCommand(info.command, accept(), host, ctx.state));
      session.on('subsystem', (_accept, reject) => reject());
      session.on('pty', (_accept, reject) => reject?.());
      session.on('shell', (_accept, reject) => reject());
      session.on('env', (accept) => accept?.());
    });
  });
}

function authenticate(auth: AuthContext, ctx: ConnectionContext): void {
  if (auth.username === ctx.user && acceptsKey(auth, ctx.allowed)) auth.accept();
  else auth.reject(['publickey']);
}

/**
 * True when `auth` is public-key authentication with `allowed`: the key itself (a client
 * asking whether this key would do sends no signature) or a valid signature made with it.
 */
export function acceptsKey(auth: AuthContext, allowed: ssh2.ParsedKey): boolean {
  if (auth.method !== 'publickey' || auth.key.algo !== allowed.type || !auth.key.data.equals(allowed.getPublicSSH())) return false;
  return !auth.signature || allowed.verify(auth.blob!, auth.signature, auth.hashAlgo) === true;
}

/** Runs one exec request through /bin/sh in its own session, streams it, reports how it ended. */
function runCommand(command: string, channel: ServerChannel, host: DemoSshHost, state: ServerState): void {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: [...host.pathDirs, DEMO_SYSTEM_PATH].join(':'), SHELL: '/bin/sh' };
  const child = spawn('/bin/sh', ['-c', command], { env, cwd: userInfo().homedir, detached: true, stdio: 'pipe' });
  state.children.add(child);
  channel.pipe(child.stdin).on('error', () => {});
  child.stdin.on('error', () => {});
  child.stdout.pipe(channel, { end: false });
  child.stderr.pipe(channel.stderr, { end: false });
  channel.on('signal', (info: { name?: string } | string) => {
    const name = typeof info === 'string' ? info : info?.name;
    if (name) killGroup(child, `SIG${name}` as NodeJS.Signals);
  });
  // The client went away: end the command as sshd does when the session closes.
  channel.on('close', () => {
    if (child.exitCode === null && child.signalCode === null) killGroup(child, 'SIGHUP');
  });
  child.on('error', (err) => {
    channel.stderr.write(`${err.message}\n`);
    channel.exit(127);
    channel.end();
  });
  child.on('close', (code, signal) => {
    state.children.delete(child);
    if (signal) channel.exit(signal.replace(/^SIG/, ''), false, '');
    else channel.exit(code ?? 0);
    channel.end();
  });
}

/** Relays a direct-tcpip channel to `address:port`, seen from the server's machine (refused: rejected). */
export function forward(accept: () => ServerChannel, reject: () => void, address: string, port: number): void {
  const sock = connectTcp({ host: address, port });
  sock.setNoDelay(true);
  sock.once('error', () => reject());
  sock.once('connect', () => {
    sock.removeAllListeners('error');
    sock.on('error', () => sock.destroy());
    const ch = accept();
    ch.pipe(sock).pipe(ch);
    ch.on('close', () => sock.destroy());
    sock.on('close', () => ch.close());
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

function listen(server: InstanceType<typeof Server>, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, () => {
      server.removeListener('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : 0);
    });
  });
}

function close(server: NetServer | InstanceType<typeof Server>): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
