/**
 * The bridge from the real process to {@link main}: argv, streams, environment, working
 * directory, Ctrl-C and a closed stdout pipe. The only module that calls `process.exit`.
 */
import { EXIT } from './exit-codes.js';
import { main } from './main.js';

/** Runs certbook for this process and sets `process.exitCode`. */
export async function runFromProcess(): Promise<void> {
  process.once('SIGINT', () => {
    // Nothing runs on hosts yet, so stopping at once is safe; the runner will get an AbortSignal.
    process.stderr.write('\n[ERROR]: User interrupted execution\n');
    process.exit(EXIT.INTERRUPTED);
  });
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
  });
}
