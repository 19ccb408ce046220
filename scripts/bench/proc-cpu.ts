/**
 * CPU time read from /proc, for what GNU time cannot see: the whole machine's (every process,
 * from the first line of /proc/stat) and the benchmark sshd's logins (the listener plus what it
 * reaps: per connection the re-executed sshd, the monitor, and its pre-auth child, which does the
 * key exchange and authentication). The session processes (the user's sshd, the shell and its
 * commands) are not in the sshd figure: the monitor exits without waiting for them, so they are
 * reparented to init and their CPU leaves sshd's tree (measured: three `ssh host burn-cpu` runs
 * add ~65 ms each to it, none of the ~93 ms burn). They are in the machine figure. On this 2-core
 * machine the hosts' side decides wall time as much as the tool does, so both are printed.
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

/** CPU of process `pid` and of every child it has waited for (utime + stime + cutime + cstime), ms. */
export function processTreeCpuMs(pid: number): number {
  const f = statFields(pid);
  // Fields 14–17 of proc(5): utime, stime, cutime, cstime; statFields starts at field 3.
  if (!f) return 0;
  return ticksToMs(Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]));
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
 * Waits until `pid` has no child left (every session ended and reaped, so its CPU is in
 * `cutime`), polling every 50 ms, at most `timeoutMs`; returns whether it got there.
 */
export async function waitForNoChildren(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (hasChildren(pid)) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
