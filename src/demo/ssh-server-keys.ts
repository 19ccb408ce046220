/**
 * Keys for an in-process SSH server on loopback: a fresh ed25519 host key and one client key
 * whose private half is written (0600) to a new scratch directory for certbook to log in with.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';

/** What a server needs: its host key, the one client key it accepts, and where the client's key file is. */
export interface SshServerKeys {
  /** The scratch directory (the caller removes it). */
  dir: string;
  hostKey: { private: string; public: string };
  /** The client's private key file. */
  keyFile: string;
  /** The accepted client public key. */
  allowed: ssh2.ParsedKey;
}

/** How many fresh key pairs {@link readableKeyPair} tries; each is unreadable with odds 1 in 256. */
const KEY_ATTEMPTS = 8;

/**
 * An ed25519 key pair that ssh2 can read back. ssh2 1.17's generateKeyPairSync strips leading
 * zero bytes off the public key, so about 1 pair in 256 (a public key starting with 0x00) is
 * refused by its own parser ("Malformed OpenSSH private key": mscdex/ssh2#1390, #1513); the demo's
 * server would then fail to start. A pair is kept only once both halves parse.
 */
export function readableKeyPair(): { private: string; public: string } {
  for (let attempt = 1; ; attempt++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519');
    const readable = !(ssh2.utils.parseKey(pair.private) instanceof Error) && !(ssh2.utils.parseKey(pair.public) instanceof Error);
    if (readable || attempt >= KEY_ATTEMPTS) return pair;
  }
}

/** Makes the keys in a new directory under the system temp dir named `<prefix>XXXXXX`. */
export function makeSshServerKeys(prefix: string): SshServerKeys {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const hostKey = readableKeyPair();
  const clientKey = readableKeyPair();
  const keyFile = join(dir, 'id_ed25519');
  writeFileSync(keyFile, clientKey.private, { mode: 0o600 });
  const allowed = ssh2.utils.parseKey(clientKey.public);
  if (allowed instanceof Error) throw allowed;
  return { dir, hostKey, keyFile, allowed };
}
