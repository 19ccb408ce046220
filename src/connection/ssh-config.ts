/**
 * The user's `~/.ssh/config`, read the way OpenSSH reads it (ssh_config(5)): `Host` blocks
 * with `*`/`?`/`!` patterns, options before any `Host` apply to every host, and for each
 * option the FIRST value found wins (IdentityFile accumulates). `Match` blocks and `Include`
 * are not supported; they are skipped with a note rather than guessed at.
 *
 * Precedence in {@link resolveSshSettings}: inventory vars, then ssh config, then defaults.
 */

import { userInfo } from 'node:os';
import { join } from 'node:path';
import { HostUnreachableError } from './errors.js';
import { parsedFile } from './file-memo.js';
import { defaultKnownHostsFiles, type HostKeyCheckingMode } from './host-key-check.js';
import { globMatch } from './known-hosts.js';
import { CONNECTION_DEFAULTS, type HostConnectionSettings, type JumpHostSettings, parseProxyJump } from './settings.js';
import { userHome } from './user-home.js';

/** One `Host` block (or the leading global block, patterns `['*']`). */
export interface SshConfigBlock {
  patterns: string[];
  /** Lowercased keyword and its raw argument text, in file order. */
  options: [string, string][];
  line: number;
}

/** A parsed config file. */
export interface SshConfig {
  blocks: SshConfigBlock[];
  /** What was skipped (Match, Include), with line numbers. */
  notes: string[];
}

/** Values found for one host, before defaults. */
export interface SshConfigValues {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  proxyJump?: string;
  hostKeyChecking?: HostKeyCheckingMode;
  knownHostsFiles?: string[];
  connectTimeoutMs?: number;
}

/** Parses ssh_config text. */
export function parseSshConfig(text: string, file = 'ssh config'): SshConfig {
  const blocks: SshConfigBlock[] = [{ patterns: ['*'], options: [], line: 0 }];
  const notes: string[] = [];
  let current: SshConfigBlock | undefined = blocks[0];
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(.*?)\s*$/.exec(raw);
    if (!m || raw.trim().startsWith('#')) return;
    const key = m[1]!.toLowerCase();
    const value = m[2]!;
    if (key === 'host') {
      current = { patterns: splitArgs(value), options: [], line: i + 1 };
      blocks.push(current);
    } else if (key === 'match') {
      current = undefined;
      notes.push(`${file}:${i + 1}: Match blocks are not supported and were ignored`);
    } else if (key === 'include') {
      notes.push(`${file}:${i + 1}: Include is not supported and was ignored`);
    } else {
      current?.options.push([key, value]);
    }
  });
  return { blocks, notes };
}

/** Splits arguments on whitespace, honouring double quotes. */
function splitArgs(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** Whether a Host line's patterns select `alias` (a matching negation vetoes). */
export function hostMatches(patterns: readonly string[], alias: string): boolean {
  let positive = false;
  for (const p of patterns) {
    const negated = p.startsWith('!');
    if (!globMatch(negated ? p.slice(1) : p, alias)) continue;
    if (negated) return false;
    positive = true;
  }
  return positive;
}

/** The first value of each option among the blocks that match `alias`. */
export function lookupSshConfig(config: SshConfig, alias: string): SshConfigValues {
  const first = new Map<string, string>();
  const identityFiles: string[] = [];
  for (const block of config.blocks) {
    if (!hostMatches(block.patterns, alias)) continue;
    for (const [key, value] of block.options) {
      if (key === 'identityfile') identityFiles.push(splitArgs(value)[0] ?? value);
      else if (!first.has(key)) first.set(key, value);
    }
  }
  const get = (k: string): string | undefined => {
    const v = first.get(k);
    return v === undefined ? undefined : splitArgs(v)[0];
  };
  const port = get('port');
  const timeout = get('connecttimeout');
  const checking = checkingMode(get('stricthostkeychecking'));
  const known = first.get('userknownhostsfile');
  return {
    ...(get('hostname') ? { hostName: get('hostname')!.replace(/%h/g, alias) } : {}),
    ...(get('user') ? { user: get('user')! } : {}),
    ...(port && /^\d+$/.test(port) ? { port: Number(port) } : {}),
    identityFiles,
    ...(first.get('proxyjump') ? { proxyJump: first.get('proxyjump')! } : {}),
    ...(checking ? { hostKeyChecking: checking } : {}),
    ...(known ? { knownHostsFiles: splitArgs(known) } : {}),
    ...(timeout && /^\d+$/.test(timeout) ? { connectTimeoutMs: Number(timeout) * 1000 } : {}),
  };
}

function checkingMode(value: string | undefined): HostKeyCheckingMode | undefined {
  switch (value?.toLowerCase()) {
    case 'yes':
    case 'ask':
      return 'strict';
    case 'accept-new':
      return 'accept-new';
    case 'no':
    case 'off':
      return 'off';
    default:
      return undefined;
  }
}

/** Where to read the config and how to expand tokens; all injectable for tests. */
export interface SshConfigSource {
  /** Config text; wins over `file`. */
  text?: string;
  /** Default ~/.ssh/config; `false` reads none. */
  file?: string | false;
  /** The invocation's home directory (default: the password database's, never this process's `HOME`). */
  home?: string;
  localUser?: string;
  /** Receives notes about skipped config (Match, Include). */
  notes?: string[];
}

/**
 * Full settings for `alias` (what ssh would be called with: `ansible_host` when set, else the
 * inventory name). Inventory values win over ssh config, which wins over defaults. A config
 * file that is missing is no config; one that exists but cannot be read makes the host
 * unreachable, saying why (as ssh refuses to run then).
 */
export function resolveSshSettings(
  alias: string,
  inventory: Partial<HostConnectionSettings>,
  source: SshConfigSource = {},
): HostConnectionSettings {
  const home = source.home ?? userHome();
  const config = loadConfig(source, home, inventory.name ?? alias);
  source.notes?.push(...config.notes);
  const found = lookupSshConfig(config, alias);
  const host = inventory.host ?? found.hostName ?? alias;
  const port = inventory.port ?? found.port ?? CONNECTION_DEFAULTS.port;
  const user = inventory.user ?? found.user ?? source.localUser ?? userInfo().username;
  const tokens = { h: host, p: String(port), r: user, u: source.localUser ?? userInfo().username, d: home, n: alias };
  const proxyJump = inventory.proxyJump ?? found.proxyJump;
  return {
    ...inventory,
    name: inventory.name ?? alias,
    home,
    connection: inventory.connection ?? 'ssh',
    host,
    port,
    user,
    identityFiles: inventory.identityFiles ?? found.identityFiles.map((f) => expand(f, tokens)),
    hostKeyChecking: inventory.hostKeyChecking ?? found.hostKeyChecking ?? CONNECTION_DEFAULTS.hostKeyChecking,
    knownHostsFiles:
      inventory.knownHostsFiles ??
      (found.knownHostsFiles
        ? [...found.knownHostsFiles.map((f) => expand(f, tokens)), '/etc/ssh/ssh_known_hosts']
        : defaultKnownHostsFiles(home)),
    connectTimeoutMs: inventory.connectTimeoutMs ?? found.connectTimeoutMs ?? CONNECTION_DEFAULTS.connectTimeoutMs,
    ...(proxyJump !== undefined ? { proxyJump: typeof proxyJump === 'string' ? resolveJumps(proxyJump, config, tokens) : proxyJump } : {}),
  };
}

function loadConfig(source: SshConfigSource, home: string, name: string): SshConfig {
  if (source.text !== undefined) return parseSshConfig(source.text);
  if (source.file === false) return { blocks: [], notes: [] };
  const file = source.file ?? join(home, '.ssh', 'config');
  try {
    return parsedFile(file, 'ssh_config', (bytes) => parseSshConfig(bytes.toString('utf8'), file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No file is no config (a dangling symlink too), as for ssh.
    if (code === 'ENOENT') return { blocks: [], notes: [] };
    // Anything else would silently drop the User, Port, IdentityFile or ProxyJump it holds.
    const why =
      code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new HostUnreachableError(
      name,
      'config',
      `cannot read the ssh config ${file}: ${why}`,
      'ssh refuses to run without it too: make it readable, or move it away',
    );
  }
}

/** Each ProxyJump hop is looked up in ssh config too, as OpenSSH does for `ssh -J`. */
function resolveJumps(text: string, config: SshConfig, tokens: Record<string, string>): JumpHostSettings[] {
  return parseProxyJump(text).map((hop) => {
    const found = lookupSshConfig(config, hop.host);
    const user = hop.user ?? found.user;
    const port = hop.port ?? found.port;
    return {
      host: found.hostName ?? hop.host,
      ...(port !== undefined ? { port } : {}),
      ...(user !== undefined ? { user } : {}),
      ...(found.identityFiles.length
        ? {
            identityFiles: found.identityFiles.map((f) =>
              expand(f, { ...tokens, h: found.hostName ?? hop.host, r: user ?? tokens.r ?? '', p: String(port ?? 22) }),
            ),
          }
        : {}),
    };
  });
}

/** `~` and the cheap `%` tokens of ssh_config(5) TOKENS. */
function expand(path: string, tokens: Record<string, string>): string {
  const withHome = path.startsWith('~/') ? join(tokens.d ?? userHome(), path.slice(2)) : path;
  return withHome.replace(/%([%hprudn])/g, (_, t: string) => (t === '%' ? '%' : (tokens[t] ?? `%${t}`)));
}
