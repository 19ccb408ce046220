/**
 * `--events FILE.jsonl`: every event appended to a file as it happens, one JSON line each. The
 * line is written with a synchronous `write(2)` before the listener returns, so a crash or a
 * kill loses nothing already reported; the file is also synced to disk at each play's end and at
 * the run's end, so it survives a power cut there too. Mode 0600, an existing file's narrowed too:
 * results can hold what hosts say about themselves. Being appended as the run goes, it cannot be
 * renamed into place like the report; instead a symbolic link at `path` is refused (ELOOP), so
 * the events never land in a file somebody else pointed the link at.
 */
import { closeSync, constants, fchmodSync, fsyncSync, fstatSync, openSync, writeSync } from 'node:fs';
import type { RunListener } from '../events/run-events.js';
import { eventLine } from './json-lines.js';
import type { Secrets } from '../events/redact.js';

/** How the events file is opened. */
export interface EventsFileOptions {
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
  let fd: number | undefined = openAppend(path, options.mode ?? 0o600);
  let error: Error | undefined;
  const now = options.now ?? (() => new Date());
  const sync = () => {
    if (fd !== undefined && !error) fsyncSync(fd);
  };
  return {
    listener: (event) => {
      if (fd === undefined || error) return;
      try {
        writeAll(fd, eventLine(event, options.secrets ?? [], now()));
        if (event.kind === 'play_end' || event.kind === 'run_end') sync();
      } catch (e) {
        error = e instanceof Error ? e : new Error(String(e));
      }
    },
    get error() {
      return error;
    },
    close: () => {
      if (fd === undefined) return;
      try {
        sync();
      } catch (e) {
        error ??= e instanceof Error ? e : new Error(String(e));
      } finally {
        closeSync(fd);
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

/** `writeSync` may write less than asked (pipes, full disks); keep going until all is out. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}
