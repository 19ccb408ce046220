/**
 * Which credentials to offer, in which order: the given key files, then the ssh-agent, then
 * OpenSSH's default identity files (only when no key file was given), then a password.
 * Encrypted keys are unlocked here so a wrong passphrase is reported as such, not as an
 * authentication failure.
 */
import { join } from 'node:path';
import { fileProblem } from '../errors/fs-error-text.js';
import { HostUnreachableError } from './errors.js';
import { parsedFile } from './file-memo.js';
import type { SshAuthSettings } from './settings.js';
import { type AuthAttempt, inspectPrivateKey } from './ssh2-client.js';
import { userHome } from './user-home.js';

/** The environment variable the CLI reads (in the invocation's environment) for encrypted key passphrases. */
export const PASSPHRASE_ENV = 'CERTBOOK_SSH_KEY_PASSPHRASE';

/** OpenSSH's default identities, in its order (DSA is no longer accepted by OpenSSH 9). */
export function defaultIdentityFiles(home: string = userHome()): string[] {
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => join(home, '.ssh', f));
}

/**
 * The credentials to try for `settings`, in order. Throws when a given key is unusable. Nothing
 * comes from this process's environment: the agent socket, the passphrase and the home directory
 * are the invocation's, in `settings` (the CLI may run with another environment than its own).
 */
export async function authAttempts(name: string, settings: SshAuthSettings): Promise<AuthAttempt[]> {
  const explicit = [settings.privateKeyFile, ...(settings.identityFiles ?? [])].filter((f): f is string => !!f);
  const attempts: AuthAttempt[] = [];
  for (const file of explicit) {
    const a = await keyAttempt(name, file, settings, true);
    if (a) attempts.push(a);
  }
  if (settings.agentSocket) attempts.push({ type: 'agent', socket: settings.agentSocket });
  if (!explicit.length) {
    for (const file of defaultIdentityFiles(settings.home)) {
      const a = await keyAttempt(name, file, settings, false);
      if (a) attempts.push(a);
    }
  }
  if (settings.password !== undefined) attempts.push({ type: 'password', password: settings.password });
  return attempts;
}

/**
 * One key file as an attempt. A missing or locked default identity is skipped silently, as
 * OpenSSH does in batch mode; a problem with a key the user named is an error.
 */
async function keyAttempt(name: string, file: string, settings: SshAuthSettings, required: boolean): Promise<AuthAttempt | undefined> {
  const path = file.startsWith('~/') ? join(settings.home ?? userHome(), file.slice(2)) : file;
  let key: Buffer;
  try {
    // Read once per run (every host's connection offers the same key file).
    key = parsedFile(path, 'private_key', (bytes) => bytes);
  } catch (err) {
    if (!required) return undefined;
    throw new HostUnreachableError(name, 'key-file', fileProblem(err, `private key ${path}`).message);
  }
  const check = inspectPrivateKey(key);
  if (check === 'ok') return { type: 'publickey', key };
  if (check === 'invalid') return keyProblem(name, path, required, 'is not a private key ssh2 can read');
  const passphrase = settings.passphrase ?? (await settings.askPassphrase?.(path));
  if (passphrase === undefined) {
    return keyProblem(name, path, required, 'is encrypted and no passphrase was given', `set ${PASSPHRASE_ENV} or run interactively`);
  }
  if (inspectPrivateKey(key, passphrase) !== 'ok') return keyProblem(name, path, required, 'could not be decrypted: bad passphrase');
  return { type: 'publickey', key, passphrase };
}

function keyProblem(name: string, path: string, required: boolean, what: string, hint?: string): undefined {
  if (!required) return undefined;
  throw new HostUnreachableError(name, 'key-file', `private key ${path} ${what}`, hint);
}
