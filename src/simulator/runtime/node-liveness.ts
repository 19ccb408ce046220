/**
 * Is a simulated node's k3s running? The same answer as the shims' `systemctl is-active`: the
 * pid file names a live process and the node said it is ready.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { NodePaths } from './cluster-paths.js';

/** The pid in the node's pid file, when it names a live process. */
export function runningPid(paths: NodePaths): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(paths.pidFile, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: alive but someone else's (a node started by root, probed by a test user).
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

/** True while the node's process runs and has signalled ready. */
export function nodeAlive(paths: NodePaths): boolean {
  return runningPid(paths) !== undefined && existsSync(paths.readyFile);
}
