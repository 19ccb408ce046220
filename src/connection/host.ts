/**
 * The `Host` seam: everything a step may do to a machine. Steps see this interface only,
 * never ssh2 or child_process, so the same step runs over SSH (`ssh.ts`) and on the
 * controller (`local.ts`), and tests can substitute a fake.
 */
import type { Duplex } from 'node:stream';
import type { BecomeError } from './errors.js';

/** Privilege escalation for one operation (Ansible's `become`). */
export interface BecomeOptions {
  /**
   * `sudo` runs `sudo -S -p <marker> -u USER`; the password goes to sudo's stdin only after its
   * prompt appears. `su` runs `su - USER -c …` and answers its `Password:` prompt on stdin
   * (util-linux su reads it from a pipe; shadow-utils su insists on a terminal and fails with
   * `tty required`). With su, stdout may carry what the target's login scripts print before
   * the command starts; certbook drops everything before its own start marker. The target
   * user's login shell must be POSIX-compatible (su runs the command with it), and su cannot
   * tell "wrong password" from other PAM refusals: both are reported as `incorrect password`.
   */
  method: 'sudo' | 'su';
  /** The user to become (`root`). */
  user: string;
  /** Sent on stdin when prompted; never placed in argv, env, results or messages. */
  password?: string;
  /**
   * Extra words for sudo/su, split on whitespace (no quoting). Default for sudo: `-H`.
   * When no password is given, sudo also gets `-n` so it fails at once instead of waiting.
   */
  flags?: string;
}

/** How to run one command. */
export interface ExecOptions {
  /** Bytes for the command's stdin; stdin is closed after them (or at once when absent). */
  stdin?: string | Buffer;
  /** Variables exported to the command through an `env K=V …` prefix (not sshd AcceptEnv). */
  env?: Record<string, string>;
  /** Working directory; the command fails (rc 2, message on stderr) when it does not exist. */
  cwd?: string;
  /**
   * Kill the command (its whole process group, on the host) after this long. The result then
   * has `timedOut: true`, `rc: null` and the signal that ended it.
   */
  timeoutMs?: number;
  /** Cap per stream (stdout, stderr); the rest is read and discarded, `truncated` is set. */
  maxOutputBytes?: number;
  /**
   * Return stdout as the bytes the command wrote (`ExecResult.stdoutBytes`), undecoded, and
   * leave `stdout` empty: for output that is not text (file contents sent as they are, without
   * `base64` on the host and its decoding on the controller).
   */
  rawStdout?: boolean;
  /** Aborting kills the remote command like a timeout and rejects with the signal's reason. */
  signal?: AbortSignal;
  become?: BecomeOptions;
}

/** What a command did. A non-zero `rc` is a result, not an exception. */
export interface ExecResult {
  /** Exit status; null when the command was killed by a signal or never started. */
  rc: number | null;
  /** The signal that ended the command (`SIGTERM`), when one did. */
  signal?: string;
  /** UTF-8 decoded; invalid bytes become U+FFFD. Empty when `rawStdout` was asked for. */
  stdout: string;
  /** The command's stdout byte for byte (after the start marker, within the cap); set exactly when `rawStdout` was asked for. */
  stdoutBytes?: Buffer;
  stderr: string;
  timedOut: boolean;
  /** True when either stream exceeded `maxOutputBytes`. */
  truncated: boolean;
  durationMs: number;
  /**
   * Set when privilege escalation failed (wrong or missing password, sudo needs a TTY, not
   * allowed); the command did not run, `rc` is null and `stderr` holds what sudo/su said.
   */
  becomeError?: BecomeError;
}

/** Options for reading a remote file. */
export interface ReadFileOptions {
  /** Refuse files larger than this with `RemoteFileError` code `TOO_LARGE`. */
  maxBytes: number;
  become?: BecomeOptions;
}

/** One answer of {@link Host.readFiles}: the bytes, or why there are none. */
export type ReadFilesEntry = { path: string; ok: true; data: Buffer } | { path: string; ok: false; code: RemoteFileCode; message: string };

/** Why a file could not be read or written. */
export type RemoteFileCode = 'ENOENT' | 'EACCES' | 'EISDIR' | 'TOO_LARGE' | 'EIO';

/** Options for writing a remote file. */
export interface WriteFileOptions {
  /**
   * Permission bits. When absent an existing file keeps its mode (and, under become, its
   * owner); a new file gets 0o644.
   */
  mode?: number;
  become?: BecomeOptions;
  /**
   * Write a temporary file in the same directory and rename it over the target, so readers
   * never see half a file. Only `true` is supported.
   */
  atomic?: true;
}

/** A machine certbook acts on. One instance holds one connection for the whole run. */
export interface Host {
  /** The inventory name. */
  readonly name: string;
  /** Runs `/bin/sh -c`-compatible text; quote arguments with `shellQuote`. */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** Reads a whole file; throws `RemoteFileError`. */
  readFile(path: string, options: ReadFileOptions): Promise<Buffer>;
  /**
   * Reads many small files in one round trip (one command); each answer says whether its
   * file could be read. The order of `paths` is kept. `maxBytes` applies to each file.
   */
  readFiles(paths: readonly string[], options: ReadFileOptions): Promise<ReadFilesEntry[]>;
  /** Writes a whole file atomically; throws `RemoteFileError` or `BecomeError`. */
  writeFile(path: string, data: string | Buffer, options?: WriteFileOptions): Promise<void>;
  /**
   * A TCP stream opened from the host's side (ssh `direct-tcpip`), e.g. to read the
   * certificate a server presents on the host's own `127.0.0.1:6443`.
   */
  forwardTcp(host: string, port: number): Promise<Duplex>;
  /** Closes the connection; later calls fail with `HostUnreachableError`. */
  close(): Promise<void>;
}

/** Output cap used when `maxOutputBytes` is not given (per stream). */
export const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
