/**
 * Port checks from the host's side. Opening a TCP connection goes through the SSH connection
 * (`forwardTcp`, a `direct-tcpip` channel): sshd connects from the host, so the answer is the
 * host's point of view and nothing needs to be installed there. `drained` reads the kernel's
 * socket tables (`/proc/net/tcp`, `/proc/net/tcp6`).
 */
import type { Duplex } from 'node:stream';
import { HostUnreachableError } from '../../connection/errors.js';
import { execOnHost, scriptFailure } from '../host-ops/host-exec.js';
import type { StepContext } from '../step-run.js';
import type { CheckOutcome } from './poll.js';
import { within } from './poll.js';

/** Tries one TCP connection from the host; true when it opened. Rethrows a lost SSH link. */
export async function portOpen(ctx: StepContext, host: string, port: number, budgetMs: number): Promise<{ open: boolean; note?: string }> {
  try {
    const stream = await within<Duplex>(ctx.host.forwardTcp(host, port), budgetMs, `${host}:${port}`, (late) => late.destroy());
    stream.destroy();
    return { open: true };
  } catch (error) {
    if (error instanceof HostUnreachableError) throw error;
    return { open: false, note: (error as Error).message };
  }
}

/** Checks `port` for `started` (open) or `stopped` (refused or unanswered). */
export async function checkPort(ctx: StepContext, host: string, port: number, wantOpen: boolean, budgetMs: number): Promise<CheckOutcome> {
  const r = await portOpen(ctx, host, port, budgetMs);
  if (r.open === wantOpen) return { done: true };
  return { done: false, note: r.open ? `${host}:${port} still accepts connections` : (r.note ?? `${host}:${port} is closed`) };
}

/** Checks that no established TCP connection has `port` as its local port. */
export async function checkDrained(ctx: StepContext, port: number, budgetMs: number): Promise<CheckOutcome> {
  const r = await execOnHost(ctx, 'cat /proc/net/tcp /proc/net/tcp6 2>/dev/null', { timeoutMs: budgetMs });
  const problem = scriptFailure(r, 'cannot read /proc/net/tcp');
  if (problem) return { done: false, fatal: problem };
  const count = establishedOn(r.stdout, port);
  return count === 0
    ? { done: true }
    : { done: false, note: `${count} connection${count === 1 ? '' : 's'} still established on port ${port}` };
}

/** Counts ESTABLISHED (`01`) rows of /proc/net/tcp* whose local port is `port`. */
export function establishedOn(table: string, port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  let count = 0;
  for (const line of table.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols[1]?.endsWith(`:${hex}`) && cols[3] === '01') count++;
  }
  return count;
}
