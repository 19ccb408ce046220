/** Fault injection for the reliability tests: kill an sshd, hold a command at an exact point, wait for a run's events, list backups. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Pid of the sshd listening on `port`. */
export function sshdListenerPid(port: number): number {
  const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) throw new Error(`no process listens on port ${port}`);
  return Number(pid);
}

/** Every descendant of `pid` (its session processes, and theirs). */
export function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone meanwhile */
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const [child, pp] of parent)
      if (pp === p) {
        out.push(child);
        walk(child);
      }
  };
  walk(pid);
  return out;
}

function kill(pids: number[]): void {
  for (const pid of pids)
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
}

/** The host's sshd dies: the listener and every session it serves (the connection drops, no reconnect). */
export function killSshd(port: number): void {
  const listener = sshdListenerPid(port);
  kill([listener, ...descendants(listener)]);
}

/** Resolves once the events file has a `task_start` of a task named `name`, polling every 20 ms. */
export async function untilTaskStarts(eventsFile: string, name: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (existsSync(eventsFile)) {
      const started = readFileSync(eventsFile, 'utf8')
        .split('\n')
        .some((line) => {
          if (!line.includes('"task_start"')) return false;
          const e = JSON.parse(line) as { task: { name: string } };
          return e.task.name === name;
        });
      if (started) return;
    }
    if (Date.now() > deadline) throw new Error(`task "${name}" did not start in time`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The backups of a node named `prefix`-… (server-tls, agent), each with the files its tarball lists. */
export function backups(dir: string, prefix = 'server-tls'): Array<{ file: string; entries: string[] }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${prefix}-`))
    .map((f) => ({
      file: f,
      entries: execFileSync('tar', ['tzf', join(dir, f)], { encoding: 'utf8' }).split('\n'),
    }));
}

/**
 * Puts a wrapper for `command` (tar, mkdir, …: not one of the simulator's own, which hold by
 * themselves, docs/simulator.md) first on a simulated node's PATH, in its `bin/`: while
 * `<run>/hold-<command>` exists and the command's arguments contain that file's text, the wrapper
 * writes `<run>/held-<command>` (its pid and arguments) and waits until the file is removed,
 * then runs the real command. A test then acts at that exact moment.
 */
export function holdable(binDir: string, runDir: string, command: string, systemPath: string): void {
  const hold = join(runDir, `hold-${command}`);
  const held = join(runDir, `held-${command}`);
  writeFileSync(
    join(binDir, command),
    [
      '#!/bin/sh',
      '# A test hold point (test/reliability/fault-tools.ts).',
      `if [ -f '${hold}' ]; then`,
      `  want=$(cat '${hold}' 2>/dev/null)`,
      '  case "$*" in',
      `    *"$want"*) echo "$$ $*" >'${held}'; while [ -f '${hold}' ]; do sleep 0.05; done; rm -f '${held}' ;;`,
      '  esac',
      'fi',
      `PATH='${systemPath}' exec ${command} "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
}

/**
 * Resolves once `predicate` holds (polling every 20 ms); rejects naming `what` after `ms`, or
 * when `stop` (the run that should make it happen) settles first. Without `stop`, for what
 * happens on a node after the run that caused it has ended (a k3s start that goes on after its
 * SSH session dropped): how long it takes depends on the machine's load.
 */
export async function until(predicate: () => boolean, what: string, stop?: Promise<unknown>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  let ended: unknown;
  void stop?.then(
    (v) => {
      ended = v ?? 'ended';
    },
    (e: unknown) => {
      ended = e;
    },
  );
  while (!predicate()) {
    if (ended !== undefined) throw new Error(`${what}: the run ended first (${String(ended)})`);
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Whether a process runs (a zombie does not). */
export function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
