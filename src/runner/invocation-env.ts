/**
 * The environment variables a run's connections read (see README, "Connections and host keys"),
 * taken from the environment certbook was invoked with: `main` may be called with another
 * environment than this process's, so nobody reads `process.env` for them.
 */
import { PASSPHRASE_ENV } from '../connection/ssh-auth.js';
import type { RunOptions } from './run-options.js';

/** `CERTBOOK_SSH_KEY_PASSPHRASE`, `HOME` and `SSH_AUTH_SOCK` as runner options (absent when unset). */
export function connectionEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): Pick<RunOptions, 'keyPassphrase' | 'home' | 'agentSocket'> {
  const passphrase = env[PASSPHRASE_ENV];
  return {
    ...(passphrase !== undefined ? { keyPassphrase: passphrase } : {}),
    ...(env.HOME ? { home: env.HOME } : {}),
    ...(env.SSH_AUTH_SOCK ? { agentSocket: env.SSH_AUTH_SOCK } : {}),
  };
}
