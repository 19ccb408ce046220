/**
 * Turns a command and its options into the one line of shell text sent to the host.
 *
 * The line announces itself before the user's command starts: a start marker on stdout and a
 * marker with its process id on stderr. Everything before the markers (login-script noise,
 * sudo/su prompts and complaints) is kept out of the result, the stderr marker proves that
 * become succeeded (stdin is held back until then, so it never reaches a password prompt),
 * and the pids let a timeout or abort kill the command's whole process group on the host.
 */
import { randomBytes } from 'node:crypto';
import { BecomeError } from './errors.js';
import type { BecomeOptions, ExecOptions } from './host.js';
import { shellJoin, shellQuote } from './shell-quote.js';

/** Random strings that identify one exec's markers and sudo prompt. */
export interface ExecMarkers {
  /** Printed on stdout, and with the pid on stderr, right before the command starts. */
  start: string;
  /** Printed with the login shell's pid on stderr before become runs (become only). */
  outer: string;
  /** The prompt sudo is told to print (`-p`), so a password request is recognised exactly. */
  prompt: string;
}

/** Fresh markers for one exec. */
export function newMarkers(): ExecMarkers {
  const id = randomBytes(9).toString('hex');
  return { start: `__certbook_start_${id}__`, outer: `__certbook_outer_${id}__`, prompt: `certbook-pw-${id}:` };
}

/** Extra seconds the host-side `timeout` waits beyond our own deadline (see buildCommand). */
const HOST_TIMEOUT_SLACK_S = 2;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The full command line. Without `timeout` on the host the command still runs; killing it then
 * relies on its login session's process group.
 */
export function buildCommand(command: string, options: ExecOptions, markers: ExecMarkers): string {
  const inner = innerCommand(command, options, markers);
  const become = options.become;
  if (!become) return inner;
  const announce = `printf '%s %s\\n' ${markers.outer} "$$" >&2; exec `;
  return `${announce + becomePrefix(become, markers)} ${shellQuote(inner)}`;
}

/** What runs as the final user: markers, cwd, then the command under `timeout` and `env`. */
function innerCommand(command: string, options: ExecOptions, markers: ExecMarkers): string {
  const parts = [`printf '%s\\n' ${markers.start}`, `printf '%s %s\\n' ${markers.start} "$$" >&2`];
  if (options.cwd !== undefined) parts.push(`CDPATH= cd -- ${shellQuote(options.cwd)} || exit $?`);
  const run = envPrefix(options.env) + shellJoin(['/bin/sh', '-c', command]);
  if (options.timeoutMs === undefined) {
    parts.push(`exec ${run}`);
  } else {
    // `timeout` puts the command in its own process group (so one kill reaches every child) and
    // ends it even if certbook itself dies; certbook normally kills first, at the exact deadline.
    const secs = (Math.max(options.timeoutMs, 1) / 1000 + HOST_TIMEOUT_SLACK_S).toFixed(3);
    parts.push(`if command -v timeout >/dev/null 2>&1; then exec timeout -s TERM -k 2 ${secs} ${run}; else exec ${run}; fi`);
  }
  return parts.join('; ');
}

function envPrefix(env: Record<string, string> | undefined): string {
  if (!env) return '';
  const words: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!ENV_NAME.test(name)) throw new RangeError(`invalid environment variable name ${JSON.stringify(name)}`);
    words.push(shellQuote(`${name}=${value}`));
  }
  return words.length ? `env ${words.join(' ')} ` : '';
}

/** `sudo …` or `su …` up to (not including) the quoted inner command. */
function becomePrefix(become: BecomeOptions, markers: ExecMarkers): string {
  // Quoting keeps it one word, but su would still read `-c…` as an option (and become root).
  if (become.user.startsWith('-') || become.user === '')
    throw new BecomeError('failed', become.method, become.user, 'not a user name (it is empty or starts with "-")');
  const flags = (become.flags ?? (become.method === 'sudo' ? '-H' : '')).split(/\s+/).filter(Boolean);
  if (become.method === 'su') return shellJoin(['su', ...flags, '-', become.user, '-c']);
  // -S reads the password from stdin; -n makes sudo fail at once rather than wait for one.
  const auth = become.password === undefined ? ['-n'] : ['-S', '-p', markers.prompt];
  return shellJoin(['sudo', ...auth, ...flags, '-u', become.user, '--', '/bin/sh', '-c']);
}

/** The command that kills what an exec started: its own process group, then the session's. */
export function killCommand(pids: readonly number[], signal: 'TERM' | 'KILL'): string {
  const targets = [...new Set(pids.filter((p) => Number.isInteger(p) && p > 1))];
  // `kill -SIG -PGID`, not `kill -SIG -- -PGID`: dash's builtin rejects the `--` form.
  const kills = targets.map((p) => `kill -${signal} -${p} 2>/dev/null || kill -${signal} ${p} 2>/dev/null`);
  return kills.length ? `${kills.join('; ')}; true` : 'true';
}
