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

/** Makes the keys in a new directory under the system temp dir named `<prefix>XXXXXX`. */
export function makeSshServerKeys(prefix: string): SshServerKeys {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const hostKey = ssh2.utils.generateKeyPairSync('ed25519');
  const clientKey = ssh2.utils.generateKeyPairSync('ed25519');
  const keyFile = join(dir, 'id_ed25519');
  writeFileSync(keyFile, clientKey.private, { mode: 0o600 });
  const allowed = ssh2.utils.parseKey(clientKey.public);
  if (allowed instanceof Error) throw allowed;
  return { dir, hostKey, keyFile, allowed };
}
