/**
 * An in-process SSH server (ssh2.Server) for cheap tests of odd server behaviour: a server
 * that hangs on exec, drops the connection mid-command, or never finishes the handshake.
 * No root needed. Real behaviour (sudo, sftp, MaxSessions) is tested against `sshd.ts`.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Connection, ServerChannel } from 'ssh2';
import ssh2 from 'ssh2';
import { acceptsKey, forward } from '../../src/demo/demo-ssh-server.js';
import { makeSshServerKeys } from '../../src/demo/ssh-server-keys.js';

const { Server, utils } = ssh2;

/** What the fake server does with an exec request. */
export type ExecBehaviour = (command: string, channel: ServerChannel, connection: Connection) => void;

/** A running fake server. */
export interface FakeSshServer {
  host: string;
  port: number;
  user: string;
  /** Unencrypted private key the server accepts (OpenSSH format). */
  keyFile: string;
  /** known_hosts file holding the server's key. */
  knownHostsFile: string;
  hostKeyFingerprint: string;
  /** Commands received, in order. */
  commands: string[];
  /** `host:port` of each TCP forward (direct-tcpip) opened through this server, in order. */
  forwards: string[];
  stop(): Promise<void>;
}

/** Runs the command with /bin/sh -c, like a real server (the default behaviour). */
export const runWithShell: ExecBehaviour = (command, channel) => {
  const child = spawn('/bin/sh', ['-c', command]);
  channel.pipe(child.stdin);
  child.stdout.pipe(channel, { end: false });
  child.stderr.pipe(channel.stderr, { end: false });
  child.on('close', (code, signal) => {
    if (signal) channel.exit(signal.replace(/^SIG/, ''), false, '');
    else channel.exit(code ?? 0);
    channel.end();
  });
};

/** Accepts the exec and then never answers. */
export const hangForever: ExecBehaviour = () => {};

/** Prints a little and then drops the whole connection, as a crashing host would. */
export const dropConnectionMidCommand: ExecBehaviour = (_command, channel, connection) => {
  channel.write('partial output\n');
  setTimeout(() => connection.end(), 50);
};

/** Starts a fake SSH server on 127.0.0.1 with a fresh host key and client key. */
export async function startFakeSshServer(onExec: ExecBehaviour = runWithShell): Promise<FakeSshServer> {
  const { dir, hostKey, keyFile, allowed } = makeSshServerKeys('certbook-fake-ssh-');
  const commands: string[] = [];
  const forwards: string[] = [];
  const connections = new Set<Connection>();
  const server = new Server({ hostKeys: [hostKey.private] }, (conn) => {
    connections.add(conn);
    conn.on('close', () => connections.delete(conn));
    conn.on('authentication', (ctx) => (acceptsKey(ctx, allowed) ? ctx.accept() : ctx.reject(['publickey'])));
    conn.on('ready', () => {
      // Nagle + delayed ACK otherwise cost ~45 ms per exec on the server side too.
      (conn as unknown as { _sock?: Socket })._sock?.setNoDelay?.(true);
      // Acting as a jump host: relay direct-tcpip channels to the real destination.
      conn.on('tcpip', (accept, reject, info) => {
        forwards.push(`${info.destIP}:${info.destPort}`);
        forward(accept, reject, info.destIP, info.destPort);
      });
      conn.on('session', (accept) => {
        accept().on('exec', (acc, _rej, info) => {
          commands.push(info.command);
          onExec(info.command, acc(), conn);
        });
      });
    });
    conn.on('error', () => {});
  });
  const port = await listen(server);
  const pub = utils.parseKey(hostKey.public);
  if (pub instanceof Error) throw pub;
  const blob = pub.getPublicSSH();
  const knownHostsFile = join(dir, 'known_hosts');
  writeFileSync(knownHostsFile, `[127.0.0.1]:${port} ${pub.type} ${blob.toString('base64')}\n`);
  return {
    host: '127.0.0.1',
    port,
    user: 'fake',
    keyFile,
    knownHostsFile,
    commands,
    forwards,
    hostKeyFingerprint: `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`,
    stop: () => {
      for (const c of connections) c.end();
      return close(server, dir);
    },
  };
}

/** A TCP server that accepts connections and never says anything (handshake timeouts). */
export async function startSilentServer(): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  const port = await listen(server);
  return {
    port,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await close(server);
    },
  };
}

function listen(server: NetServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : 0);
    });
  });
}

function close(server: NetServer, dir?: string): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
}
