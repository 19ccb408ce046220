/**
 * OpenSSH known_hosts files: parsing, matching a host against them, and fingerprints, as
 * sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT" describes. No registry package matches host names
 * (sshpk only parses keys), and the format is small.
 *
 * Supported: hashed names (`|1|salt|hmac`), comma lists, `*`/`?` globs, `!negation`,
 * `[host]:port` for ports other than 22, several key types per host, `@revoked`.
 * `@cert-authority` lines are skipped: certbook does not accept host certificates, so a host
 * that only a CA vouches for is "unknown".
 */
import { createHash, createHmac } from 'node:crypto';

/** One key line. */
export interface KnownHostsEntry {
  marker?: 'revoked' | 'cert-authority';
  /** The host field as written (a comma list, or one hashed `|1|…` name). */
  hosts: string;
  keyType: string;
  key: Buffer;
  file: string;
  line: number;
}

/** How a presented host key compares with what the files say. */
export type HostKeyLookup =
  | { status: 'match'; entry: KnownHostsEntry }
  | { status: 'revoked'; entry: KnownHostsEntry }
  | { status: 'mismatch'; expected: KnownHostsEntry }
  | { status: 'unknown'; knownTypes: string[] };

/** Parses a known_hosts file; lines it cannot read are ignored, as OpenSSH does. */
export function parseKnownHosts(text: string, file: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const fields = raw.trim().split(/\s+/);
    if (!fields[0] || fields[0].startsWith('#')) return;
    let marker: KnownHostsEntry['marker'];
    if (fields[0].startsWith('@')) {
      const m = fields.shift()!.toLowerCase();
      if (m !== '@revoked' && m !== '@cert-authority') return;
      marker = m === '@revoked' ? 'revoked' : 'cert-authority';
    }
    const [hosts, keyType, b64] = fields;
    if (!hosts || !keyType || !b64) return;
    const key = Buffer.from(b64, 'base64');
    if (!key.length) return;
    entries.push({ ...(marker ? { marker } : {}), hosts, keyType, key, file, line: i + 1 });
  });
  return entries;
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  const h = host.toLowerCase(); // OpenSSH lowercases before matching and hashing
  return port === 22 ? h : `[${h}]:${port}`;
}

/** Whether an entry's host field names `name` (as returned by {@link knownHostsName}). */
export function entryMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) return hashedMatches(hosts, name);
  let positive = false;
  for (const pattern of hosts.split(',')) {
    const negated = pattern.startsWith('!');
    if (!globMatch(negated ? pattern.slice(1) : pattern, name)) continue;
    if (negated) return false; // a matching negation vetoes the whole line
    positive = true;
  }
  return positive;
}

function hashedMatches(field: string, name: string): boolean {
  const [, , salt, hash] = field.split('|');
  if (!salt || !hash) return false;
  const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return mac === hash;
}

/** OpenSSH `match_pattern`: `*` and `?` only, case-insensitive for host names. */
export function globMatch(pattern: string, text: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'is').test(text);
}

/** The key type name inside an SSH wire-format public key blob (`ssh-ed25519`). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return '';
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** `SHA256:…` exactly as `ssh-keygen -l` and OpenSSH's warnings print it. */
export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Compares a presented key with the entries for `host:port`. */
export function lookupHostKey(entries: readonly KnownHostsEntry[], host: string, port: number, blob: Buffer): HostKeyLookup {
  const name = knownHostsName(host, port);
  const type = keyTypeOf(blob);
  const relevant = entries.filter((e) => e.marker !== 'cert-authority' && entryMatches(e.hosts, name));
  const revoked = relevant.find((e) => e.marker === 'revoked' && e.key.equals(blob));
  if (revoked) return { status: 'revoked', entry: revoked };
  const usable = relevant.filter((e) => e.marker === undefined);
  const same = usable.find((e) => e.key.equals(blob));
  if (same) return { status: 'match', entry: same };
  const expected = usable.find((e) => e.keyType === type);
  if (expected) return { status: 'mismatch', expected };
  return { status: 'unknown', knownTypes: [...new Set(usable.map((e) => e.keyType))] };
}

/** A line to append for a newly trusted key: `[host]:port keytype base64`. */
export function knownHostsLine(host: string, port: number, blob: Buffer): string {
  return `${knownHostsName(host, port)} ${keyTypeOf(blob)} ${blob.toString('base64')}`;
}

/** Host key algorithms to offer for a known key type (RSA keys sign with SHA-2 variants). */
export function algorithmsForKeyType(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];
}
