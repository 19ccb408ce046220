/**
 * The only module that imports ssh2. It turns one ssh2 `Client` into a small promise-based
 * link (exec, sftp, forward), so the rest of the connection layer, and every step, depends on
 * our types rather than on ssh2's. Measured facts behind the choices: /work/shared/packages.md §3.
 */

import { createPrivateKey } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type {
  AnyAuthMethod,
  AuthHandlerMiddleware,
  ClientChannel,
  ConnectConfig,
  ServerHostKeyAlgorithm,
  SFTPWrapper,
  Client as Ssh2Client,
} from 'ssh2';
import ssh2 from 'ssh2';
import type { ChannelExit, ExecChannel } from './exec-session.js';
import { SftpSession } from './sftp-session.js';

const { Client, utils } = ssh2;

/** One way to log in, in the order they are tried. */
export type AuthAttempt =
  | { type: 'publickey'; key: Buffer; passphrase?: string }
  | { type: 'agent'; socket: string }
  | { type: 'password'; password: string };

/** Everything needed to open one SSH connection (one hop). */
export interface LinkOptions {
  host: string;
  port: number;
  username: string;
  /** A stream to speak SSH over instead of TCP (the previous hop's forward, for jump hosts). */
  sock?: Duplex;
  auth: readonly AuthAttempt[];
  /** Gets the raw host key blob; must resolve true to go on. */
  verifyHostKey: (blob: Buffer) => Promise<boolean>;
  /** Host key algorithms to offer first (those already in known_hosts, as OpenSSH does). */
  preferredHostKeyAlgorithms?: readonly string[];
  readyTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
}

/** Why connecting failed, as far as ssh2 tells: its error plus what we tried. */
export interface LinkError extends Error {
  level?: string;
  code?: string;
  /** Auth methods attempted, in order (`publickey`, `agent`, `password`). */
  tried?: string[];
  /** Methods the server said it accepts. */
  serverMethods?: string[];
}

/** What `inspectPrivateKey` found. */
export type KeyCheck = 'ok' | 'encrypted' | 'bad-passphrase' | 'invalid';

const DEFAULT_HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/**
 * Parsed private keys by file content and passphrase. ssh2 parses the key it is given on every
 * connection (~2.5 ms of CPU each: a run over 500 hosts parsed the same key 1,000 times); a
 * parsed key is passed through as is.
 */
const parsedKeys = new Map<string, ReturnType<typeof utils.parseKey>>();

function parseKeyOnce(data: Buffer, passphrase?: string): ReturnType<typeof utils.parseKey> {
  const id = `${passphrase ?? ''}\0${data.toString('base64')}`;
  let parsed = parsedKeys.get(id);
  if (!parsed) {
    parsed = utils.parseKey(data, passphrase);
    if (!(parsed instanceof Error)) keepPrivateKeyObject(parsed);
    if (parsedKeys.size > 64) parsedKeys.clear();
    parsedKeys.set(id, parsed);
  }
  return parsed;
}

/**
 * ssh2 keeps a parsed private key as PEM text and hands that text to `crypto.sign` for every
 * signature, so OpenSSL parses the PEM again on each login (~1 ms). `crypto.sign` takes a
 * KeyObject just as well: keep one in its place.
 */
function keepPrivateKeyObject(parsed: object): void {
  const slot = Object.getOwnPropertySymbols(parsed).find((s) => s.description === 'Private key PEM');
  const record = parsed as Record<symbol, unknown>;
  if (!slot || typeof record[slot] !== 'string') return;
  try {
    record[slot] = createPrivateKey(record[slot] as string);
  } catch {
    // leave ssh2's own form; it signs with it as before
  }
}

/** Whether a private key parses, needs a passphrase, or got a wrong one. */
export function inspectPrivateKey(data: Buffer, passphrase?: string): KeyCheck {
  const parsed = parseKeyOnce(data, passphrase);
  if (!(parsed instanceof Error)) return 'ok';
  if (/no passphrase given/i.test(parsed.message)) return 'encrypted';
  if (/bad passphrase|integrity check failed/i.test(parsed.message)) return 'bad-passphrase';
  return 'invalid';
}

/** A connected, authenticated SSH connection. */
export class SshLink {
  private alive = true;
  private sftpSession?: Promise<SftpSession>;
  private readonly closeListeners: (() => void)[] = [];

  private constructor(private readonly client: Ssh2Client) {
    client.on('close', () => this.onClose());
    client.on('end', () => this.onClose());
    client.on('error', () => this.onClose());
  }

  /** Connects and authenticates; rejects with a {@link LinkError}. */
  static connect(options: LinkOptions): Promise<SshLink> {
    const client = new Client();
    const tried: string[] = [];
    const serverMethods: string[] = [];
    return new Promise((resolve, reject) => {
      const fail = (err: LinkError): void => {
        err.tried = tried;
        err.serverMethods = serverMethods;
        client.removeAllListeners('ready');
        client.on('error', () => {}); // late errors after we gave up
        client.end();
        reject(err);
      };
      client.once('error', fail);
      client.once('ready', () => {
        client.removeListener('error', fail);
        // Without this, Nagle + delayed ACK cost ~45 ms per exec round trip.
        client.setNoDelay(true);
        resolve(new SshLink(client));
      });
      client.connect(connectConfig(options, tried, serverMethods));
      skipHostKeysProof(client);
    });
  }

  /** True until the connection closed. */
  get isAlive(): boolean {
    return this.alive;
  }

  /** Calls `listener` once when the connection closes. */
  onClose(listener?: () => void): void {
    if (listener) {
      if (this.alive) this.closeListeners.push(listener);
      else listener();
      return;
    }
    if (!this.alive) return;
    this.alive = false;
    for (const l of this.closeListeners.splice(0)) l();
  }

  /**
   * Opens an exec channel. Rejects with ssh2's error; `reason === 2` with "open failed" means
   * the server's MaxSessions is reached (retry later).
   */
  exec(commandLine: string, onLinkLost: () => Error): Promise<ExecChannel> {
    return new Promise((resolve, reject) => {
      this.client.exec(commandLine, (err, ch) => (err ? reject(err) : resolve(wrapChannel(ch, () => this.alive, onLinkLost))));
    });
  }

  /** A TCP stream to `host:port` opened by the server (`direct-tcpip`). */
  forwardOut(host: string, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      this.client.forwardOut('127.0.0.1', 0, host, port, (err, ch) => (err ? reject(err) : resolve(ch)));
    });
  }

  /** The connection's SFTP session, opened on first use and kept. */
  sftp(): Promise<SftpSession> {
    this.sftpSession ??= new Promise<SftpSession>((resolve, reject) => {
      this.client.sftp((err, sftp: SFTPWrapper) => (err ? reject(err) : resolve(new SftpSession(sftp))));
    });
    this.sftpSession.catch(() => {
      this.sftpSession = undefined;
    });
    return this.sftpSession;
  }

  /** Closes the connection. */
  end(): void {
    this.client.end();
  }
}

/**
 * OpenSSH's sshd announces all its host keys after login (`hostkeys-00@openssh.com`) and ssh2
 * answers every time by asking the server to prove them: one more round trip and a signature
 * per host key on the server, for a list we never use (OpenSSH's own client skips it too when
 * `UpdateHostKeys` is off). The announcement is acknowledged and dropped; other global requests
 * go to ssh2's handler as before.
 */
function skipHostKeysProof(client: Ssh2Client): void {
  type Handler = (proto: { requestSuccess(): void }, name: string, wantReply: boolean, data: unknown) => void;
  const handlers = (client as unknown as { _protocol?: { _handlers?: Record<string, Handler> } })._protocol?._handlers;
  const original = handlers?.GLOBAL_REQUEST;
  if (!handlers || !original) return;
  handlers.GLOBAL_REQUEST = (proto, name, wantReply, data) => {
    if (name !== 'hostkeys-00@openssh.com') return original(proto, name, wantReply, data);
    if (wantReply) proto.requestSuccess();
  };
}

function connectConfig(options: LinkOptions, tried: string[], serverMethods: string[]): ConnectConfig {
  const preferred = options.preferredHostKeyAlgorithms ?? [];
  return {
    host: options.host,
    port: options.port,
    username: options.username,
    ...(options.sock ? { sock: options.sock } : {}),
    readyTimeout: options.readyTimeoutMs,
    keepaliveInterval: options.keepaliveIntervalMs,
    keepaliveCountMax: options.keepaliveCountMax,
    algorithms: { serverHostKey: [...new Set([...preferred, ...DEFAULT_HOST_KEY_ALGORITHMS])] as ServerHostKeyAlgorithm[] },
    // ssh2 treats any non-undefined return value as the verdict, so this must return undefined
    // and answer through `verify` (an async function would "return" a truthy promise).
    hostVerifier: (key: Buffer, verify: (ok: boolean) => void): void => {
      options.verifyHostKey(key).then(verify, () => verify(false));
    },
    authHandler: authHandler(options, tried, serverMethods),
  };
}

function authHandler(options: LinkOptions, tried: string[], serverMethods: string[]): AuthHandlerMiddleware {
  const queue = [...options.auth];
  return (methodsLeft, _partial, next) => {
    if (methodsLeft) serverMethods.splice(0, serverMethods.length, ...methodsLeft);
    while (queue.length) {
      const attempt = queue.shift()!;
      const wire = attempt.type === 'agent' ? 'publickey' : attempt.type;
      if (methodsLeft && !methodsLeft.includes(wire)) continue;
      tried.push(attempt.type);
      next(toSsh2(attempt, options.username));
      return;
    }
    next(false as unknown as AnyAuthMethod);
  };
}

function toSsh2(attempt: AuthAttempt, username: string): AnyAuthMethod {
  switch (attempt.type) {
    case 'publickey': {
      const parsed = parseKeyOnce(attempt.key, attempt.passphrase);
      const key = parsed instanceof Error || Array.isArray(parsed) ? attempt.key : parsed;
      return { type: 'publickey', username, key, ...(attempt.passphrase ? { passphrase: attempt.passphrase } : {}) } as AnyAuthMethod;
    }
    case 'agent':
      return { type: 'agent', username, agent: attempt.socket };
    case 'password':
      return { type: 'password', username, password: attempt.password };
  }
}

/** Adapts an ssh2 exec channel to the process-like channel `exec-session.ts` drives. */
function wrapChannel(ch: ClientChannel, linkAlive: () => boolean, onLinkLost: () => Error): ExecChannel {
  let settle!: (exit: ChannelExit | Error) => void;
  const closed = new Promise<ChannelExit>((resolve, reject) => {
    let done = false;
    settle = (v) => {
      if (done) return;
      done = true;
      if (v instanceof Error) reject(v);
      else resolve(v);
    };
  });
  // The last stderr bytes may be delivered after 'close'; wait for stderr's end, briefly.
  const stderrDone = new Promise<void>((r) => {
    ch.stderr.once('end', r);
    ch.stderr.once('close', r);
  });
  ch.once('close', (code?: number | null, signal?: string) => {
    void Promise.race([stderrDone, delay(200)]).then(() => {
      if (code === undefined && signal === undefined && !linkAlive()) settle(onLinkLost());
      else settle({ code: code ?? null, ...(signal ? { signal } : {}) });
    });
  });
  // ssh2 emits 'error' on the channel for write-after-close; the close above reports the outcome.
  ch.on('error', () => {});
  return {
    stdout: ch,
    stderr: ch.stderr,
    write: (data) => {
      if (ch.writable) ch.write(data);
    },
    end: () => {
      if (ch.writable) ch.end();
    },
    closed,
    destroy: () => {
      // A hung server may never confirm the close, so the outcome is settled here.
      settle({ code: null });
      ch.destroy();
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
