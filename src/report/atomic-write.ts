/**
 * Files written whole or not at all: a temporary file in the same directory (so the rename
 * stays on one filesystem), written, synced, given its mode, then renamed over the target. A
 * reader, or a scheduler that picks the report up, never sees half a file, even when certbook
 * is killed while writing it.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** How an atomic write sets the file up. */
export interface AtomicWriteOptions {
  /** Permission bits of the file, exactly (the umask does not narrow or widen them). Default 0o600. */
  mode?: number;
}

/** Writes `data` to `path` atomically. Throws (leaving no temporary file) when it cannot. */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const mode = options.mode ?? 0o600;
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  // 'wx': never follow or reuse something an attacker placed at the temporary name.
  const fd = openSync(temp, 'wx', 0o600);
  try {
    try {
      writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fchmodSync(fd, mode);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Already renamed or never created: nothing left behind either way.
    }
    throw error;
  }
  syncDirectory(dirname(path));
}

/** Makes the rename itself durable. Not every platform can open a directory; that is not fatal. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort: the file is complete either way; only its name may not survive a power cut.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** `writeSync` may write less than asked (pipes, full disks); keep going until all is out. */
export function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}
