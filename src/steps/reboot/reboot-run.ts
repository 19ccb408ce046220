/**
 * `reboot`, as ansible-core 2.14's action plugin on Linux: read the boot id, run the reboot
 * command (a connection that drops under it is success), wait `post_reboot_delay`, then log in
 * again until the boot id has changed and, after it, until `test_command` succeeds, each within
 * `reboot_timeout`.
 */
import { HostUnreachableError } from '../../connection/errors.js';
import type { ExecResult } from '../../connection/host.js';
import { wait } from '../interruptible-wait.js';
import type { RebootArgs } from '../reboot.js';
import { elapsedSeconds, type RetryOutcome, retryUntil } from '../retry-until.js';
import type { StepConnection, StepContext, StepResult } from '../step-run.js';
import { shutdownCommand } from './shutdown-command.js';

/** Ansible's pause after the n-th failed check: 2^(n-1) s and up to 1 s more, at most 12 s (and the 1 s). */
export function rebootBackoffMs(failures: number): number {
  const jitter = Math.floor(Math.random() * 1001);
  return Math.min(2 ** (failures - 1), 12) * 1000 + jitter;
}

/** Runs `reboot`. */
export async function runReboot(a: RebootArgs, ctx: StepContext): Promise<StepResult> {
  const connection = ctx.connection;
  // Only a runner can give a step its host's connection to drop (never a test's bare Host).
  if (!connection) return { changed: false, failed: true, msg: 'reboot needs a connection it can re-establish' };
  if (connection.transport === 'local') {
    return {
      changed: false,
      failed: true,
      msg: 'Running reboot with local connection would reboot the control node.',
      data: { elapsed: 0, rebooted: false },
    };
  }
  if (ctx.check) return { changed: true, data: { elapsed: 0, rebooted: true } };
  const before = await bootTime(a, ctx);
  if (before.error !== undefined) return { changed: false, failed: true, msg: before.error, data: { rebooted: false } };
  const shutdown = await shutdownCommand(a, ctx);
  if ('error' in shutdown) return { changed: false, failed: true, msg: shutdown.error, data: { rebooted: false } };
  const rebooting = await runShutdown(shutdown.command, ctx);
  const start = performance.now();
  if (rebooting !== undefined)
    return { changed: false, failed: true, msg: rebooting, data: { rebooted: false, elapsed: elapsedSeconds(start) } };
  if (a.post_reboot_delay > 0) await wait(a.post_reboot_delay * 1000, ctx);
  const outcome = await validateReboot(a, ctx, connection, before.value);
  const data = { rebooted: true, elapsed: elapsedSeconds(start) };
  if (outcome.ok) return { changed: true, data };
  return { changed: false, failed: true, msg: outcome.error, data };
}

/** The output of `boot_time_command`, trimmed, or Ansible's message when it fails. */
async function bootTime(a: RebootArgs, ctx: StepContext): Promise<{ value: string; error?: undefined } | { error: string }> {
  const r = await ctx.host.exec(a.boot_time_command, becomeOf(ctx));
  if (r.rc !== 0)
    return { error: `reboot: failed to get host boot time info, rc: ${r.rc ?? -1}, stdout: ${r.stdout}, stderr: ${r.stderr}` };
  return { value: r.stdout.trim() };
}

/** Why the reboot command failed, or undefined: it ran, or the connection went down under it. */
async function runShutdown(command: string, ctx: StepContext): Promise<string | undefined> {
  let r: ExecResult;
  try {
    r = await ctx.host.exec(command, becomeOf(ctx));
  } catch (error) {
    // The host went down before the command could answer: what a reboot looks like.
    if (error instanceof HostUnreachableError) return undefined;
    throw error;
  }
  // Killed by a signal (not by us): the host shutting down took the command with it.
  if (r.rc === null && r.signal && !r.timedOut && !r.becomeError) return undefined;
  if (r.rc === 0) return undefined;
  return `Reboot command failed. Error was: '${r.stdout.trim()}, ${r.stderr.trim()}'`;
}

/** Logs in again until the boot id changed, then until the test command works; Ansible's messages on timeout. */
async function validateReboot(
  a: RebootArgs,
  ctx: StepContext,
  connection: StepConnection,
  previous: string,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const retry = (attempt: () => Promise<void>): Promise<RetryOutcome> =>
    retryUntil(attempt, { timeoutMs: a.reboot_timeout * 1000, pauseMs: rebootBackoffMs, signal: ctx.signal, halt: ctx.halt });
  const checked = await retry(async () => {
    // A fresh login every time: the old connection may still be up on a host that is only going down.
    await connection.reopen(a.connect_timeout ? { connectTimeoutMs: a.connect_timeout * 1000 } : {});
    const now = await bootTime(a, ctx);
    if (now.error !== undefined) throw new Error(now.error);
    // An empty answer is no answer (FreeBSD says nothing just before it reboots).
    if (!now.value || now.value === previous) throw new Error('boot time has not changed');
  });
  if (!checked.ok) return { ok: false, error: failure(checked, 'last boot time check', a.reboot_timeout) };
  // The connection made with connect_timeout is not kept for the tasks after this one.
  if (a.connect_timeout) await connection.reset();
  const tested = await retry(async () => {
    let r: ExecResult;
    try {
      r = await ctx.host.exec(a.test_command, becomeOf(ctx));
    } catch (error) {
      // Another reboot (an update that reboots twice) took the connection: try again on a new one.
      if (error instanceof HostUnreachableError) await connection.reset();
      throw error;
    }
    if (r.rc !== 0) throw new Error(`Test command failed: ${r.stderr} ${r.stdout}`);
  });
  if (!tested.ok) return { ok: false, error: failure(tested, 'post-reboot test command', a.reboot_timeout) };
  return { ok: true };
}

function failure(outcome: { error: string; halted: boolean }, what: string, timeout: number): string {
  if (outcome.halted) return `interrupted while waiting for the ${what}: ${outcome.error}`;
  return `Timed out waiting for ${what} (timeout=${timeout})`;
}

function becomeOf(ctx: StepContext): { become?: NonNullable<StepContext['become']> } {
  return ctx.become ? { become: ctx.become } : {};
}
