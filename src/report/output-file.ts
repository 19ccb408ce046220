/**
 * Writes one whole output (the report, the JUnit file, the metrics) to what its path is at the
 * moment of writing (src/report/output-target.ts): a regular file atomically, a device or a
 * FIFO directly (the device stays a device; a FIFO's reader gets the content), certbook's own
 * stdout or stderr through the given streams.
 */
import { closeSync, constants, openSync } from 'node:fs';
import { writeAll, writeFileAtomic } from './atomic-write.js';
import { type OutputTarget, resolveOutputTarget } from './output-target.js';

/** Where `/dev/stdout` and `/dev/stderr` go (the command's streams, not necessarily fds 1 and 2). */
export interface OutputStreams {
  stdout?: { write(text: string): unknown };
  stderr?: { write(text: string): unknown };
}

/** How an output file is written. */
export interface OutputFileOptions extends OutputStreams {
  /** Permission bits of a regular file, exactly. Default 0o600. */
  mode?: number;
}

/**
 * Writes `text` to `path` (absolute). Throws an OutputPathError when the path cannot be
 * written to at all, or the file-system error of the write itself.
 */
export function writeOutputFile(path: string, text: string, options: OutputFileOptions = {}): void {
  const target = resolveOutputTarget(path);
  if (target.kind === 'file') {
    writeFileAtomic(target.path, text, { mode: options.mode ?? 0o600 });
    return;
  }
  if (target.kind !== 'stream') {
    writeToStream(target, text, options);
    return;
  }
  const fd = openStream(target.path);
  try {
    writeAll(fd, Buffer.from(text, 'utf8'));
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens a device, FIFO or open file for writing, never creating or truncating anything: no
 * O_CREAT (a device that went away is an error, not a new file), O_APPEND so a redirected
 * stdout's content is added to, not written over. Opening a FIFO waits for a reader, as a
 * shell's `>` does.
 */
export function openStream(path: string): number {
  return openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOCTTY);
}

function writeToStream(target: Extract<OutputTarget, { kind: 'stdout' | 'stderr' }>, text: string, streams: OutputStreams): void {
  const stream = streams[target.kind];
  if (stream) stream.write(text);
  else writeAll(target.kind === 'stdout' ? 1 : 2, Buffer.from(text, 'utf8'));
}
