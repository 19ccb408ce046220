/**
 * The bridge from the real process to {@link main}: argv, streams, environment, working
 * directory, Ctrl-C and a closed stdout pipe. The only module that calls `process.exit`.
 */
import { EXIT } from './exit-codes.js';
import { askSecretOnTerminal } from './ask-secret.js';
import { main } from './main.js';

/** How long running commands may go on after the first Ctrl-C/SIGTERM before they are stopped. */
export const GRACE_PERIOD_MS = 30_000;

/**
 * Ctrl-C and SIGTERM: the first starts nothing new and lets running commands finish (for up to
 * {@link GRACE_PERIOD_MS}); the second stops them on the hosts; the third leaves at once. The
 * run then prints its recap, writes its report and exits 99.
 */
function interruptions(): { stop: AbortSignal; kill: AbortSignal } {
  const stop = new AbortController();
  const kill = new AbortController();
  let count = 0;
  const onSignal = () => {
    count++;
    if (count === 1) {
      process.stderr.write('\n[WARNING]: interrupted: starting nothing new; running tasks may finish (interrupt again to stop them now)\n');
      stop.abort(new Error('interrupted'));
      setTimeout(() => kill.abort(new Error('grace period over')), GRACE_PERIOD_MS).unref();
    } else if (count === 2) {
      process.stderr.write('\n[WARNING]: stopping running tasks\n');
      kill.abort(new Error('interrupted twice'));
    } else {
      process.stderr.write('\n[ERROR]: User interrupted execution\n');
      process.exit(EXIT.INTERRUPTED);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { stop: stop.signal, kill: kill.signal };
}

/** Runs certbook for this process and sets `process.exitCode`. */
export async function runFromProcess(): Promise<void> {
  const signals = interruptions();
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // `certbook steps | head` closes the pipe early; that is the reader's choice, not a failure.
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.OK);
    throw error;
  });
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signals,
    ...(process.stdin.isTTY ? { askSecret: askSecretOnTerminal } : {}),
  });
}
