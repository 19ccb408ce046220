/**
 * `--events FILE.jsonl`: every event appended to a file as it happens, one JSON line each. The
 * line is written with a synchronous `write(2)` before the listener returns, so a crash or a
 * kill loses nothing already reported; the file is also synced to disk at each play's end and at
 * the run's end, so it survives a power cut there too. Created with mode 0600: results can hold
 * what hosts say about themselves.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import type { RunListener } from '../events/run-events.js';
import { eventLine } from './json-lines.js';
import type { Secrets } from '../events/redact.js';

/** How the events file is opened. */
export interface EventsFileOptions {
  secrets?: Secrets;
  /** Permission bits when the file is created (an existing file keeps its own). Default 0o600. */
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
  let fd: number | undefined = openSync(path, 'a', options.mode ?? 0o600);
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

/** `writeSync` may write less than asked (pipes, full disks); keep going until all is out. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}
