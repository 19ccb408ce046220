/**
 * CPU time read from /proc, for what GNU time cannot see: the whole machine's (every process,
 * from the first line of /proc/stat), which holds the hosts' side (sshd, the sessions' shells
 * and commands) that decides wall time on this 2-core machine as much as the tool does.
 * sshd's own process tree cannot stand for the hosts' side: the sessions' shells and commands
 * are not reaped into it, so their CPU never reaches the listener's `cutime` (measured: three
 * `ssh host <0.27 s of shell arithmetic>` runs added 0.22 s to the listener's cutime + cstime,
 * not the 0.81 s burned).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux almost everywhere). */
const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const ticksToMs = (ticks: number) => Math.round((ticks * 1000) / TICKS_PER_SECOND);

/**
 * Busy CPU of the whole machine since boot, ms, summed over every core: user, nice, system,
 * irq, softirq and steal (idle and iowait left out; guest time is already inside user).
 */
export function machineBusyMs(stat = readFileSync('/proc/stat', 'utf8')): number {
  const fields = (stat.split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return ticksToMs(user + nice + system + irq + softirq + steal);
}

/** The fields of /proc/PID/stat after the command name (which may hold spaces), from field 3 on. */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Whether any process has `pid` as its parent (scans /proc: this kernel has no `children` file). */
function hasChildren(pid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (statFields(Number(entry))?.[1] === String(pid)) return true;
  }
  return false;
}

/**
 * Waits until `pid` has no child left (sshd: every connection of the run has ended, so its
 * work is in the machine figure), polling every 50 ms, at most `timeoutMs`; returns whether it got there.
 */
export async function waitForNoChildren(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (hasChildren(pid)) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
