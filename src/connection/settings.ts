/**
 * How to reach one host: a plain object the inventory fills (from `ansible_host`,
 * `ansible_port`, `ansible_user`, …) and `~/.ssh/config` completes (see `ssh-config.ts`).
 */

import type { BecomeOptions } from './host.js';
import type { HostKeyCheckingMode } from './host-key-check.js';

/** Credentials and checks shared by a target and its jump hosts. */
export interface SshAuthSettings {
  user: string;
  /** Password authentication; never inherited by jump hosts. */
  password?: string;
  /** Private key tried first. */
  privateKeyFile?: string;
  /** Further keys (`IdentityFile` lines). When neither this nor `privateKeyFile` is set,
   * OpenSSH's defaults are tried: ~/.ssh/id_ed25519, id_ecdsa, id_rsa. */
  identityFiles?: string[];
  /** Passphrase for encrypted keys; else `CERTBOOK_SSH_KEY_PASSPHRASE`, else `askPassphrase`. */
  passphrase?: string;
  /** Asks the user for a key's passphrase (interactive runs). */
  askPassphrase?: (keyFile: string) => Promise<string | undefined>;
  /**
   * ssh-agent socket: the invocation's `SSH_AUTH_SOCK`, filled in by the runner (never read from
   * this process's environment); absent or `false`: no agent.
   */
  agentSocket?: string | false;
  /**
   * The invocation's home directory (its `HOME`): `~/` in key paths and OpenSSH's default
   * identities. Default: the user's home in the password database, never this process's `HOME`.
   */
  home?: string;
  hostKeyChecking: HostKeyCheckingMode;
  /** known_hosts files to read; the first gets accept-new lines. Default: ~/.ssh/known_hosts,
   * /etc/ssh/ssh_known_hosts. */
  knownHostsFiles?: string[];
}

/** One hop of a ProxyJump chain. */
export interface JumpHostSettings extends Partial<SshAuthSettings> {
  host: string;
  port?: number;
}

/** Everything `openHost` needs. */
export interface HostConnectionSettings extends SshAuthSettings {
  /** The inventory name, used in messages. */
  name: string;
  connection: 'ssh' | 'local';
  /** Address to connect to (`ansible_host`, or `HostName` from ssh config). */
  host: string;
  port: number;
  /** Handshake deadline per attempt (TCP connect + key exchange + auth). */
  connectTimeoutMs: number;
  /** Extra connect attempts after a refused/timed-out/reset connection (never for commands). */
  connectRetries?: number;
  /** SSH keepalive; a dead peer is noticed after interval × countMax. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Concurrent exec channels on the connection (keep ≤ half of the server's MaxSessions). */
  maxChannels?: number;
  /**
   * Jump hosts, first hop first: OpenSSH `ProxyJump` text (`user@bastion:2222,inner`) or
   * resolved hops. Hops inherit the target's keys, agent and host key policy, not its password.
   */
  proxyJump?: string | JumpHostSettings[];
  /** Become defaults from the inventory (`ansible_become_*`); `openHost` does not apply them. */
  become?: Partial<BecomeOptions>;
}

/** Defaults used where neither the inventory nor ssh config says anything. */
export const CONNECTION_DEFAULTS = {
  port: 22,
  connectTimeoutMs: 10_000,
  connectRetries: 2,
  keepaliveIntervalMs: 15_000,
  keepaliveCountMax: 3,
  maxChannels: 5,
  hostKeyChecking: 'strict' as HostKeyCheckingMode,
} as const;

/** Parses OpenSSH `ProxyJump` text: `[user@]host[:port]` hops separated by commas. */
export function parseProxyJump(text: string): JumpHostSettings[] {
  if (text.trim().toLowerCase() === 'none') return [];
  return text
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean)
    .map(parseHop);
}

function parseHop(hop: string): JumpHostSettings {
  const stripped = hop.replace(/^ssh:\/\//, '');
  const at = stripped.lastIndexOf('@');
  const user = at >= 0 ? stripped.slice(0, at) : undefined;
  const rest = at >= 0 ? stripped.slice(at + 1) : stripped;
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest) ?? /^([^:]+)(?::(\d+))?$/.exec(rest);
  if (!m?.[1]) throw new RangeError(`bad ProxyJump hop ${JSON.stringify(hop)}`);
  return { host: m[1], ...(m[2] ? { port: Number(m[2]) } : {}), ...(user ? { user } : {}) };
}
