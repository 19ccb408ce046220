/**
 * `--events FILE.jsonl`: every event appended to a file as it happens, one JSON line each. The
 * line is written with a synchronous `write(2)` before the listener returns, so a crash or a
 * kill loses nothing already reported; the file is also synced to disk at each play's end and at
 * the run's end, so it survives a power cut there too. Mode 0600, an existing file's narrowed too:
 * results can hold what hosts say about themselves. Being appended as the run goes, it cannot be
 * renamed into place like the report. What the path may be is the same as for every output
 * (src/report/output-target.ts): a symbolic link is refused (and opened with O_NOFOLLOW, so one
 * placed after the check is refused too), a device or FIFO is written into (not synced), and
 * `/dev/stdout` is certbook's own output.
 */
import { closeSync, constants, fchmodSync, fstatSync, fsyncSync, openSync } from 'node:fs';
import type { Secrets } from '../events/redact.js';
import type { RunListener } from '../events/run-events.js';
import { writeAll } from './atomic-write.js';
import { eventLine } from './json-lines.js';
import { type OutputStreams, openStream } from './output-file.js';
import { resolveOutputTarget } from './output-target.js';

/** How the events file is opened. */
export interface EventsFileOptions extends OutputStreams {
  secrets?: Secrets;
  /** Permission bits of the file, also set on an existing file we own. Default 0o600. */
  mode?: number;
  /** The clock stamped into each line's `time`. */
  now?: () => Date;
}

/** An open events file. */
export interface EventsFile {
  listener: RunListener;
  /** The first write error, after which nothing more is written (the run itself goes on). */
  readonly error: Error | undefined;
  /** Syncs and closes the file. Safe to call twice. */
  close(): void;
}

/**
 * Opens (creating or appending to) `path`. Throws when it cannot be opened, so the command line
 * can refuse the option before any host is touched.
 */
export function openEventsFile(path: string, options: EventsFileOptions = {}): EventsFile {
  const target = resolveOutputTarget(path);
  const stream = target.kind === 'stdout' || target.kind === 'stderr' ? options[target.kind] : undefined;
  let fd: number | undefined =
    target.kind === 'file'
      ? openAppend(target.path, options.mode ?? 0o600)
      : target.kind === 'stream'
        ? openStream(target.path)
        : stream
          ? undefined
          : target.kind === 'stdout'
            ? 1
            : 2;
  // Only a regular file can be synced (fsync on a pipe or a terminal is EINVAL); fds 1 and 2 are not ours to close.
  const syncable = target.kind === 'file';
  const owned = target.kind === 'file' || target.kind === 'stream';
  let closed = false;
  let error: Error | undefined;
  const now = options.now ?? (() => new Date());
  const sync = () => {
    if (fd !== undefined && syncable && !error) fsyncSync(fd);
  };
  const write = (text: string) => {
    if (stream) stream.write(text);
    else if (fd !== undefined) writeAll(fd, Buffer.from(text, 'utf8'));
  };
  return {
    listener: (event) => {
      if (closed || error) return;
      try {
        write(eventLine(event, options.secrets ?? [], now()));
        if (event.kind === 'play_end' || event.kind === 'run_end') sync();
      } catch (e) {
        error = e instanceof Error ? e : new Error(String(e));
      }
    },
    get error() {
      return error;
    },
    close: () => {
      if (closed) return;
      closed = true;
      try {
        sync();
      } catch (e) {
        error ??= e instanceof Error ? e : new Error(String(e));
      } finally {
        if (fd !== undefined && owned) closeSync(fd);
        fd = undefined;
      }
    },
  };
}

function openAppend(path: string, mode: number): number {
  const { O_WRONLY, O_APPEND, O_CREAT, O_NOFOLLOW } = constants;
  const fd = openSync(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, mode);
  try {
    // open() honours the mode only when it creates the file, and then narrowed by the umask.
    if (fstatSync(fd).uid === process.geteuid?.()) fchmodSync(fd, mode);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}
