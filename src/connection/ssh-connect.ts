/**
 * Opening the SSH connection(s) for a host: jump hosts first (each hop's `forwardOut` is the
 * next hop's socket), host key policy, bounded retries with backoff for transient failures
 * (connecting only; commands are never retried), and errors that name the cause.
 */
import type { Duplex } from 'node:stream';
import { HostUnreachableError } from './errors.js';
import {
  checkHostKey,
  defaultKnownHostsFiles,
  type HostKeyPolicy,
  type HostKeyVerdict,
  preferredHostKeyAlgorithms,
} from './host-key-check.js';
import {
  CONNECTION_DEFAULTS,
  type HostConnectionSettings,
  type JumpHostSettings,
  parseProxyJump,
  type SshAuthSettings,
} from './settings.js';
import { authAttempts } from './ssh-auth.js';
import { type LinkError, SshLink } from './ssh2-client.js';

/** One hop to connect to, fully resolved. */
interface Hop extends SshAuthSettings {
  host: string;
  port: number;
}

/** The connected target and the jump connections it runs through (first hop first). */
export interface SshChain {
  target: SshLink;
  jumps: SshLink[];
}

/** Connects to `settings.host`, through its jump hosts if any. */
export async function connectChain(settings: HostConnectionSettings): Promise<SshChain> {
  const hops = [...jumpHops(settings), { ...settings }];
  const links: SshLink[] = [];
  try {
    for (const [i, hop] of hops.entries()) {
      const via = links[i - 1];
      const label = i === hops.length - 1 ? '' : ` (jump host ${hop.host}:${hop.port})`;
      links.push(await connectHop(settings, hop, via, label));
    }
  } catch (err) {
    for (const l of links) l.end();
    throw err;
  }
  return { target: links[links.length - 1]!, jumps: links.slice(0, -1) };
}

function jumpHops(s: HostConnectionSettings): Hop[] {
  const list: JumpHostSettings[] = typeof s.proxyJump === 'string' ? parseProxyJump(s.proxyJump) : (s.proxyJump ?? []);
  // Hops inherit keys, agent and host key policy, never the target's password.
  const { password: _secret, ...inherited } = s;
  return list.map((j) => ({
    ...inherited,
    user: s.user,
    port: CONNECTION_DEFAULTS.port,
    ...stripUndefined(j),
  }));
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

async function connectHop(s: HostConnectionSettings, hop: Hop, via: SshLink | undefined, label: string): Promise<SshLink> {
  const retries = s.connectRetries ?? CONNECTION_DEFAULTS.connectRetries;
  for (let attempt = 0; ; attempt++) {
    try {
      const sock = via ? await forwardFor(s.name, via, hop, label) : undefined;
      return await connectOnce(s, hop, sock, label);
    } catch (err) {
      const e = err as HostUnreachableError;
      const transient = e.kind === 'refused' || e.kind === 'timeout' || e.kind === 'closed' || e.kind === 'network';
      if (!transient || attempt >= retries) throw err;
      await new Promise((r) => setTimeout(r, 250 * 2 ** attempt + Math.random() * 100));
    }
  }
}

async function forwardFor(name: string, via: SshLink, hop: Hop, label: string): Promise<Duplex> {
  try {
    return await via.forwardOut(hop.host, hop.port);
  } catch (err) {
    const msg = (err as Error).message.replace(/^\(SSH\) Channel open failure: /, '');
    throw new HostUnreachableError(name, 'refused', `jump host could not open a connection to ${hop.host}:${hop.port}${label}: ${msg}`);
  }
}

async function connectOnce(s: HostConnectionSettings, hop: Hop, sock: Duplex | undefined, label: string): Promise<SshLink> {
  const policy: HostKeyPolicy = { mode: hop.hostKeyChecking, knownHostsFiles: hop.knownHostsFiles ?? defaultKnownHostsFiles(hop.home) };
  let verdict: HostKeyVerdict | undefined;
  const timeoutMs = s.connectTimeoutMs;
  try {
    return await SshLink.connect({
      host: hop.host,
      port: hop.port,
      username: hop.user,
      ...(sock ? { sock } : {}),
      auth: await authAttempts(s.name, hop),
      verifyHostKey: async (blob) => (verdict = await checkHostKey(policy, hop.host, hop.port, blob)).ok,
      preferredHostKeyAlgorithms: preferredHostKeyAlgorithms(policy, hop.host, hop.port),
      readyTimeoutMs: timeoutMs,
      keepaliveIntervalMs: s.keepaliveIntervalMs ?? CONNECTION_DEFAULTS.keepaliveIntervalMs,
      keepaliveCountMax: s.keepaliveCountMax ?? CONNECTION_DEFAULTS.keepaliveCountMax,
    });
  } catch (err) {
    if (err instanceof HostUnreachableError) throw err;
    if (verdict && !verdict.ok) throw new HostUnreachableError(s.name, 'host-key', verdict.reason + label, verdict.hint);
    throw describe(s.name, err as LinkError, hop, timeoutMs, label);
  }
}

/** Maps an ssh2/socket error to a cause a user can act on. */
export function describe(name: string, err: LinkError, hop: Hop, timeoutMs: number, label = ''): HostUnreachableError {
  const where = `${hop.host}:${hop.port}`;
  const code = err.code ?? '';
  if (code === 'ECONNREFUSED') return new HostUnreachableError(name, 'refused', `connection refused by ${where}${label}`);
  if (err.level === 'client-timeout' || code === 'ETIMEDOUT') {
    return new HostUnreachableError(name, 'timeout', `timed out after ${timeoutMs / 1000} s connecting to ${where}${label}`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || err.level === 'client-dns') {
    return new HostUnreachableError(name, 'dns', `cannot resolve host name ${hop.host}${label}`);
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new HostUnreachableError(name, 'network', `no route to ${where}${label}`);
  if (err.level === 'client-authentication') {
    const tried = err.tried?.length ? [...new Set(err.tried)].join(', ') : 'nothing: no key, agent or password was available';
    const allowed = err.serverMethods?.length ? `; server accepts: ${err.serverMethods.join(', ')}` : '';
    return new HostUnreachableError(
      name,
      'auth',
      `authentication failed for user ${hop.user} at ${where}${label} (tried: ${tried}${allowed})`,
    );
  }
  if (code === 'ECONNRESET' || /closed|lost|end/i.test(err.message)) {
    return new HostUnreachableError(name, 'closed', `connection to ${where} closed during handshake${label}: ${err.message}`);
  }
  return new HostUnreachableError(name, 'protocol', `SSH handshake with ${where} failed${label}: ${err.message}`);
}
