/**
 * A script for the test hosts that prints the pid of the sshd process serving the login it runs
 * in (its nearest ancestor called sshd): two tasks on one connection print the same pid, a task
 * after a reconnect another one, and killing that pid ends the login as a reboot would.
 */
import { chmodSync, writeFileSync } from 'node:fs';

const SCRIPT = `#!/bin/sh
p=$$
while [ "$p" -gt 1 ]; do
  case "$(cat /proc/$p/comm)" in sshd|sshd-session) echo "$p"; exit 0 ;; esac
  p=$(ps -o ppid= -p "$p" | tr -d ' ')
done
exit 1
`;

/** Writes the script to `path`, executable by everyone. */
export function writeSessionPidScript(path: string): void {
  writeFileSync(path, SCRIPT);
  chmodSync(path, 0o755);
}
