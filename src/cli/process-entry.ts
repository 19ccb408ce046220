/**
 * The bridge from the real process to {@link main}: argv, streams, environment, working
 * directory, Ctrl-C, SIGTERM, a hang-up and a closed output. The only module that calls
 * `process.exit`.
 */

import { isatty } from 'node:tty';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { main } from './main.js';

/** How long running commands may go on after the first interrupt before they are stopped. */
export const GRACE_PERIOD_MS = 30_000;

/** The signals that interrupt a run: Ctrl-C, `kill`/systemd, and the terminal or SSH session closing. */
const INTERRUPTS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Ctrl-C, SIGTERM and SIGHUP. The first starts nothing new and lets running commands finish (for
 * up to {@link GRACE_PERIOD_MS}); then the run's cleanup runs (the `always:` sections in
 * progress, src/runner/interrupt-cleanup.ts). Each further Ctrl-C or SIGTERM ends the current
 * phase: the running commands are stopped at once, or, once the cleanup runs, the cleanup is
 * skipped; the one after that leaves at once. A hang-up (SIGHUP, or our output gone) only ever
 * counts as the first: nobody is left to press again, and a closing SSH session can send it
 * twice. The run then prints its recap, writes its report and exits 99.
 */
function interruptions(): NonNullable<CliIo['signals']> & { interrupt(why: string): void } {
  const stop = new AbortController();
  const kill = new AbortController();
  const skip = new AbortController();
  let cleaning = false;
  const say = (text: string) => writeQuietly(process.stderr, text);
  const interrupt = (why: string) => {
    if (!stop.signal.aborted) {
      say(
        `\n[WARNING]: interrupted (${why}): starting nothing new; running tasks may finish (up to ${GRACE_PERIOD_MS / 1000} s), ` +
          'then the always: sections in progress run as cleanup (interrupt again to stop the running tasks now)\n',
      );
      stop.abort(new Error('interrupted'));
      setTimeout(() => kill.abort(new Error('grace period over')), GRACE_PERIOD_MS).unref();
    } else if (why === 'SIGHUP' || why.endsWith('output closed')) {
      // A hang-up is not someone asking to hurry.
      say(`\n[WARNING]: ${why} ignored: already interrupted\n`);
    } else if (!cleaning && !kill.signal.aborted) {
      say('\n[WARNING]: stopping running tasks; the cleanup still runs (interrupt again to skip it)\n');
      kill.abort(new Error('interrupted twice'));
    } else if (!skip.signal.aborted) {
      say('\n[WARNING]: skipping the cleanup: what it did not release is named at the end (interrupt again to leave at once)\n');
      kill.abort(new Error('interrupted again'));
      skip.abort(new Error('cleanup skipped'));
    } else {
      say('\n[ERROR]: User interrupted execution\n');
      process.exit(EXIT.INTERRUPTED);
    }
  };
  for (const signal of INTERRUPTS) process.on(signal, () => interrupt(signal));
  return {
    stop: stop.signal,
    kill: kill.signal,
    skipCleanup: skip.signal,
    cleanupStarted: () => {
      cleaning = true;
    },
    interrupt,
  };
}

/**
 * The terminal (or the pipe) our output goes to is gone: a hang-up, a closed SSH session, `| head`.
 * A command with nothing to clean up leaves (`certbook steps | head`: the reader's choice, not a
 * failure). A run (or the demo) must still clean up, so for them it is an interrupt, not a
 * crash, and further write errors are ignored.
 */
function watchOutput(argv: readonly string[], interrupt: (why: string) => void): void {
  const command = argv.find((word) => !word.startsWith('-'));
  const cleansUp = command === 'run' || command === 'demo';
  let gone = false;
  const onError = (error: NodeJS.ErrnoException) => {
    if (!['EPIPE', 'EIO', 'ECONNRESET', 'ERR_STREAM_DESTROYED'].includes(error.code ?? '')) throw error;
    if (!cleansUp) process.exit(process.exitCode ?? EXIT.OK);
    if (gone) return;
    gone = true;
    interrupt(`${error.code}: output closed`);
  };
  process.stdout.on('error', onError);
  process.stderr.on('error', onError);
}

/** Writes to a stream that may be gone (after a hang-up); never throws. */
function writeQuietly(stream: NodeJS.WriteStream, text: string): void {
  try {
    if (!stream.destroyed) stream.write(text);
  } catch {
    // The terminal is gone; the report and the events file still say what happened.
  }
}

/** Runs certbook for this process and sets `process.exitCode`. */
export async function runFromProcess(): Promise<void> {
  const { interrupt, ...signals } = interruptions();
  const argv = process.argv.slice(2);
  watchOutput(argv, interrupt);
  process.exitCode = await main(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signals,
    // isatty rather than process.stdin.isTTY, and readline imported only to ask: opening standard
    // input's stream and loading readline cost every command a few milliseconds at start.
    ...(isatty(0) ? { askSecret: async (question: string) => (await import('./ask-secret.js')).askSecretOnTerminal(question) } : {}),
  });
}
