/**
 * Whole-file read and atomic write over SFTP (used when no become is needed). The SFTP API is
 * described structurally here so that only `ssh2-client.ts` imports ssh2.
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { NOT_REGULAR_MESSAGE, RemoteFileError } from './errors.js';
import type { RemoteFileCode } from './host.js';

type Cb = (err?: Error | null) => void;

/** File attributes as ssh2 reports them. */
export interface SftpStats {
  mode: number;
  size: number;
  isDirectory(): boolean;
  isFile(): boolean;
}

/** The slice of ssh2's `SFTPWrapper` this module uses. */
export interface SftpApi {
  open(path: string, flags: 'r' | 'wx', attrs: { mode: number }, cb: (err: Error | undefined, handle: Buffer) => void): void;
  fstat(handle: Buffer, cb: (err: Error | undefined, stats: SftpStats) => void): void;
  stat(path: string, cb: (err: Error | undefined, stats: SftpStats) => void): void;
  read(handle: Buffer, buf: Buffer, off: number, len: number, pos: number, cb: (err: Error | undefined, n: number) => void): void;
  write(handle: Buffer, buf: Buffer, off: number, len: number, pos: number, cb: Cb): void;
  fchmod(handle: Buffer, mode: number, cb: Cb): void;
  close(handle: Buffer, cb: Cb): void;
  unlink(path: string, cb: Cb): void;
  ext_openssh_rename(from: string, to: string, cb: Cb): void;
  ext_openssh_fsync(handle: Buffer, cb: (err: Error | undefined) => void): void;
}

/** SFTP status codes (draft-ietf-secsh-filexfer-02). */
const SFTP_EOF = 1;
const SFTP_NO_SUCH_FILE = 2;
const SFTP_PERMISSION_DENIED = 3;
const CHUNK = 32 * 1024;

/** Mode for new files when the caller gives none. */
export const DEFAULT_FILE_MODE = 0o644;

/** Promise-based whole-file operations on one SFTP session. */
export class SftpSession {
  constructor(private readonly sftp: SftpApi) {}

  /**
   * Reads `path`, refusing more than `maxBytes` (files in /proc report size 0, so reads are
   * bounded too) and anything but a regular file or a link to one.
   */
  async readFile(path: string, maxBytes: number): Promise<Buffer> {
    // open(2) on a FIFO waits for a writer, and sftp-server answers one request at a time: one
    // FIFO where a file should be would hang the session for good. So look before opening.
    const target = await this.call<SftpStats>(path, (cb) => this.sftp.stat(path, cb));
    if (target.isDirectory()) throw new RemoteFileError('EISDIR', path, 'is a directory');
    if (!target.isFile()) throw new RemoteFileError('EIO', path, NOT_REGULAR_MESSAGE);
    const handle = await this.call<Buffer>(path, (cb) => this.sftp.open(path, 'r', { mode: 0 }, cb));
    try {
      const stats = await this.call<SftpStats>(path, (cb) => this.sftp.fstat(handle, cb));
      if (stats.isDirectory()) throw new RemoteFileError('EISDIR', path, 'is a directory');
      if (stats.size > maxBytes) throw tooLarge(path, maxBytes, stats.size);
      return await this.readAll(path, handle, maxBytes);
    } finally {
      this.sftp.close(handle, () => {});
    }
  }

  private async readAll(path: string, handle: Buffer, maxBytes: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let pos = 0;
    for (;;) {
      const buf = Buffer.alloc(Math.min(CHUNK, maxBytes + 1 - pos));
      const n = await new Promise<number>((resolve, reject) => {
        this.sftp.read(handle, buf, 0, buf.length, pos, (err, got) => {
          if (err && (err as Error & { code?: number }).code === SFTP_EOF) resolve(0);
          else if (err) reject(fileError(err, path));
          else resolve(got);
        });
      });
      if (n === 0) return Buffer.concat(chunks, pos);
      chunks.push(buf.subarray(0, n));
      pos += n;
      if (pos > maxBytes) throw tooLarge(path, maxBytes);
    }
  }

  /** Writes `data` to a temporary file beside `path`, then renames it over `path`. */
  async writeFileAtomic(path: string, data: Buffer, mode?: number): Promise<void> {
    const finalMode = mode ?? (await this.existingMode(path)) ?? DEFAULT_FILE_MODE;
    const tmp = posix.join(posix.dirname(path), `.${posix.basename(path)}.certbook-${randomBytes(6).toString('hex')}.tmp`);
    const handle = await this.call<Buffer>(tmp, (cb) => this.sftp.open(tmp, 'wx', { mode: finalMode & 0o777 }, cb));
    try {
      for (let pos = 0; pos < data.length; pos += CHUNK) {
        const len = Math.min(CHUNK, data.length - pos);
        await this.call<void>(tmp, (cb) => this.sftp.write(handle, data, pos, len, pos, cb));
      }
      // The server's umask applied to open(); set the exact bits now.
      await this.call<void>(tmp, (cb) => this.sftp.fchmod(handle, finalMode, cb));
      await new Promise<void>((r) => this.sftp.ext_openssh_fsync(handle, () => r())); // best effort
      await this.call<void>(tmp, (cb) => this.sftp.close(handle, cb));
      await this.call<void>(path, (cb) => this.sftp.ext_openssh_rename(tmp, path, cb));
    } catch (err) {
      this.sftp.close(handle, () => this.sftp.unlink(tmp, () => {}));
      throw err;
    }
  }

  private async existingMode(path: string): Promise<number | undefined> {
    try {
      const st = await this.call<SftpStats>(path, (cb) => this.sftp.stat(path, cb));
      return st.mode & 0o7777;
    } catch {
      return undefined;
    }
  }

  private call<T>(path: string, fn: (cb: (err: Error | undefined | null, value?: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      fn((err, value) => (err ? reject(fileError(err, path)) : resolve(value as T)));
    });
  }
}

function tooLarge(path: string, maxBytes: number, size?: number): RemoteFileError {
  const what = size === undefined ? 'more than' : `${size} bytes, more than`;
  return new RemoteFileError('TOO_LARGE', path, `file is ${what} the limit of ${maxBytes} bytes`);
}

function fileError(err: Error, path: string): RemoteFileError {
  if (err instanceof RemoteFileError) return err;
  const code = (err as Error & { code?: number }).code;
  const map: Record<number, [RemoteFileCode, string]> = {
    [SFTP_NO_SUCH_FILE]: ['ENOENT', 'no such file or directory'],
    [SFTP_PERMISSION_DENIED]: ['EACCES', 'permission denied'],
  };
  const [c, msg] = map[code ?? -1] ?? ['EIO', err.message];
  return new RemoteFileError(c, path, msg);
}
