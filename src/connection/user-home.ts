/**
 * The home directory when the invocation does not say (no `HOME` in its environment): the user's
 * entry in the password database, as OpenSSH uses. Never `os.homedir()`, which reads this
 * process's `HOME`: certbook may run for an invocation with another environment than its own.
 */
import { userInfo } from 'node:os';

/** The current user's home directory from the password database. */
export function userHome(): string {
  return userInfo().homedir;
}
