/**
 * The host key policy: strict, accept-new or off, against the user's and the system's
 * known_hosts. A changed or revoked key is refused in every mode: it is the one signal that
 * someone may be in the middle, and fleet automation must not shrug it off.
 */
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parsedFile } from './file-memo.js';
import {
  algorithmsForKeyType,
  fingerprintSha256,
  type KnownHostsEntry,
  keyTypeOf,
  knownHostsLine,
  lookupHostKey,
  parseKnownHosts,
} from './known-hosts.js';
import { shellQuote } from './shell-quote.js';
import { userHome } from './user-home.js';

/** `strict` refuses unknown hosts, `accept-new` records them, `off` accepts them (warn!). */
export type HostKeyCheckingMode = 'strict' | 'accept-new' | 'off';

/** Where keys are looked up and recorded. */
export interface HostKeyPolicy {
  mode: HostKeyCheckingMode;
  /** Files read, in order. The first is where accept-new appends. */
  knownHostsFiles: readonly string[];
}

/** The outcome for one presented key. */
export type HostKeyVerdict =
  | { ok: true; added: boolean; fingerprint: string }
  | { ok: false; kind: 'unknown' | 'changed' | 'revoked'; reason: string; hint: string; fingerprint: string };

/** OpenSSH's defaults: the user's file (written to) and the system-wide one. */
export function defaultKnownHostsFiles(home: string = userHome()): string[] {
  return [join(home, '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'];
}

function loadEntries(files: readonly string[]): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  for (const file of files) {
    try {
      entries.push(...parsedFile(file, 'known_hosts', (bytes) => parseKnownHosts(bytes.toString('utf8'), file)));
    } catch {}
  }
  return entries;
}

/** Host key algorithms to prefer for `host:port`: the types already known for it. */
export function preferredHostKeyAlgorithms(policy: HostKeyPolicy, host: string, port: number): string[] {
  const probe = lookupHostKey(loadEntries(policy.knownHostsFiles), host, port, Buffer.alloc(0));
  if (probe.status !== 'unknown') return [];
  return probe.knownTypes.flatMap(algorithmsForKeyType);
}

/** Checks (and under accept-new, records) the key `host:port` presented. */
export async function checkHostKey(policy: HostKeyPolicy, host: string, port: number, blob: Buffer): Promise<HostKeyVerdict> {
  const fingerprint = fingerprintSha256(blob);
  const found = lookupHostKey(loadEntries(policy.knownHostsFiles), host, port, blob);
  switch (found.status) {
    case 'match':
      return { ok: true, added: false, fingerprint };
    case 'revoked':
      return {
        ok: false,
        kind: 'revoked',
        fingerprint,
        reason: `host key ${fingerprint} for ${host}:${port} is marked @revoked in ${found.entry.file}:${found.entry.line}`,
        hint: 'the host must get a new host key; certbook will not connect with a revoked one',
      };
    case 'mismatch':
      return changed(host, port, fingerprint, found.expected);
    case 'unknown':
      if (policy.mode === 'off') return { ok: true, added: false, fingerprint };
      if (policy.mode === 'strict') return unknown(host, port, fingerprint, blob);
      return acceptNew(policy, host, port, blob, fingerprint);
  }
}

function changed(host: string, port: number, fingerprint: string, expected: KnownHostsEntry): HostKeyVerdict {
  const want = fingerprintSha256(expected.key);
  return {
    ok: false,
    kind: 'changed',
    fingerprint,
    reason: `host key mismatch for ${host}:${port}: expected ${expected.keyType} key ${want} (${expected.file}:${expected.line}), presented ${fingerprint}`,
    hint: `if the host was really reinstalled, remove the old key with \`ssh-keygen -R ${portName(host, port)} -f ${shellQuote(expected.file)}\` and connect again`,
  };
}

function unknown(host: string, port: number, fingerprint: string, blob: Buffer): HostKeyVerdict {
  // A line the user pastes into a shell: the host name is quoted like any other word, and
  // cannot pass for an option.
  const target = (host.startsWith('-') ? '-- ' : '') + shellQuote(host);
  const scan = port === 22 ? `ssh-keyscan ${target}` : `ssh-keyscan -p ${port} ${target}`;
  return {
    ok: false,
    kind: 'unknown',
    fingerprint,
    reason: `host key for ${host}:${port} is not known (${keyTypeOf(blob)} ${fingerprint})`,
    hint: `check the fingerprint, then trust it with \`${scan} >> ~/.ssh/known_hosts\` or run with \`--host-key-checking accept-new\``,
  };
}

function portName(host: string, port: number): string {
  return shellQuote(port === 22 ? host : `[${host}]:${port}`);
}

// Appends are chained per file so concurrent connections never interleave or duplicate lines
// within this process; each line is one O_APPEND write, so other processes cannot split it.
const appendQueues = new Map<string, Promise<unknown>>();

async function acceptNew(policy: HostKeyPolicy, host: string, port: number, blob: Buffer, fingerprint: string): Promise<HostKeyVerdict> {
  const file = policy.knownHostsFiles[0];
  if (!file) return unknown(host, port, fingerprint, blob);
  const previous = appendQueues.get(file) ?? Promise.resolve();
  const next = previous.then(() => appendIfStillUnknown(policy, file, host, port, blob, fingerprint));
  appendQueues.set(
    file,
    next.catch(() => {}),
  );
  return next;
}

function appendIfStillUnknown(
  policy: HostKeyPolicy,
  file: string,
  host: string,
  port: number,
  blob: Buffer,
  fingerprint: string,
): HostKeyVerdict {
  // Another connection to the same host may have recorded it while we waited in the queue.
  const again = lookupHostKey(loadEntries(policy.knownHostsFiles), host, port, blob);
  if (again.status === 'match') return { ok: true, added: false, fingerprint };
  if (again.status === 'mismatch') return changed(host, port, fingerprint, again.expected);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const fd = openSync(file, 'a', 0o600);
  try {
    const prefix = endsWithoutNewline(file) ? '\n' : '';
    writeSync(fd, `${prefix}${knownHostsLine(host, port, blob)}\n`);
  } finally {
    closeSync(fd);
  }
  return { ok: true, added: true, fingerprint };
}

function endsWithoutNewline(file: string): boolean {
  const text = readFileSync(file);
  return text.length > 0 && text[text.length - 1] !== 0x0a;
}
