/**
 * What a command may touch of the outside world. `main` gets it from the launcher (the real
 * process) or from a test (strings in memory), so every command runs in-process in tests.
 */
import { isAbsolute, resolve } from 'node:path';

/** Somewhere to write text. */
export interface TextSink {
  write(text: string): unknown;
  /** True when this is a terminal (renderers pick colours and live updates from it). */
  isTTY?: boolean;
}

/** The process surroundings of one `certbook` invocation. */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  env: Readonly<Record<string, string | undefined>>;
  /** The directory relative paths on the command line are relative to. */
  cwd: string;
  /**
   * Interruption (Ctrl-C, SIGTERM, SIGHUP): `stop` is aborted on the first (nothing new starts),
   * `kill` when running commands must be stopped too, `skipCleanup` when the run's cleanup (the
   * `always:` sections in progress) must be skipped; `cleanupStarted` is told when that cleanup
   * starts. Absent in tests that never interrupt.
   */
  signals?: { stop: AbortSignal; kill: AbortSignal; skipCleanup?: AbortSignal; cleanupStarted?: () => void };
  /** Asks the person at the terminal for a secret without echoing it; absent when there is no terminal. */
  askSecret?: (question: string) => Promise<string>;
}

/**
 * A command-line path as the loaders should get it. Loaders resolve against the process's
 * working directory and show paths as given, so a path is left as typed when `io.cwd` is the
 * process's own (messages then quote the user's spelling) and made absolute otherwise.
 */
export function loaderPath(io: CliIo, path: string): string {
  if (isAbsolute(path) || resolve(io.cwd) === process.cwd()) return path;
  return resolve(io.cwd, path);
}
