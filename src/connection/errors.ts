/**
 * What the connection layer throws. Only a lost or impossible connection is an exception for
 * `exec`; a failing command is a result. Messages never contain a password or passphrase.
 */
import type { RemoteFileCode } from './host.js';

/** Why a host could not be reached; the runner counts these as "unreachable" (exit 3). */
export type UnreachableKind =
  | 'refused'
  | 'timeout'
  | 'dns'
  | 'network'
  | 'auth'
  | 'host-key'
  | 'key-file'
  /** `~/.ssh/config` exists but cannot be read. */
  | 'config'
  /** The login shell cannot run commands (`/bin/false`, `nologin`). */
  | 'shell'
  | 'closed'
  | 'protocol';

/** The host cannot be reached or logged into, or the connection died. */
export class HostUnreachableError extends Error {
  override readonly name = 'HostUnreachableError';

  constructor(
    /** The inventory name of the host. */
    readonly host: string,
    readonly kind: UnreachableKind,
    /** The cause in a few words: "connection refused", "timed out after 5 s", … */
    readonly reason: string,
    /** What the user can do about it, when we know. */
    readonly hint?: string,
  ) {
    super(`${host}: ${reason}${hint ? ` (${hint})` : ''}`);
  }
}

/** Why privilege escalation failed. */
export type BecomeFailureKind = 'incorrect password' | 'password required' | 'tty required' | 'not allowed' | 'timed out' | 'failed';

/** sudo/su refused or never started the command. */
export class BecomeError extends Error {
  override readonly name = 'BecomeError';

  constructor(
    readonly kind: BecomeFailureKind,
    readonly method: 'sudo' | 'su',
    readonly user: string,
    /** What sudo/su printed, prompts removed and any password masked. */
    readonly detail: string,
  ) {
    super(`${method} to ${user} failed: ${kind}${detail ? `: ${detail}` : ''}`);
  }
}

/** A remote file could not be read or written. */
export class RemoteFileError extends Error {
  override readonly name = 'RemoteFileError';

  constructor(
    readonly code: RemoteFileCode,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

/**
 * Why a device, FIFO or socket is not read (code `EIO`): a FIFO nobody writes to, or a link to
 * /dev/zero, never ends, so a hostile host could hang a run with one symlink where a file
 * should be. Every read path refuses them with this text.
 */
export const NOT_REGULAR_MESSAGE = 'not a regular file (a device, FIFO or socket): not read';
