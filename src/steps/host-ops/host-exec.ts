/**
 * How a step runs a command on its host: with the task's become, abort signal and timeout, and
 * with bounded output. Every host step goes through here so none of them forgets one of those.
 */
import type { ExecResult } from '../../connection/host.js';
import type { StepContext, StepResult } from '../step-run.js';

/** Output cap per stream for the steps' own scripts (their output is small and structured). */
export const SCRIPT_OUTPUT_LIMIT = 8 * 1024 * 1024;

/** What a step may add to one exec. */
export interface StepExecOptions {
  stdin?: string | Buffer;
  env?: Record<string, string>;
  cwd?: string;
  maxOutputBytes?: number;
  /** stdout as bytes (`ExecResult.stdoutBytes`), not decoded: see `ExecOptions.rawStdout`. */
  rawStdout?: boolean;
  /** Overrides the task's timeout for this one command (shorter polls, for instance). */
  timeoutMs?: number;
}

/**
 * Runs `command` (`/bin/sh -c` text) on `ctx.host` with the task's become, signal and timeout.
 * A failed become comes back as a result with `becomeError` set, never as an exception.
 */
export function execOnHost(ctx: StepContext, command: string, options: StepExecOptions = {}): Promise<ExecResult> {
  const timeoutMs = options.timeoutMs ?? ctx.timeoutMs;
  return ctx.host.exec(command, {
    signal: ctx.signal,
    maxOutputBytes: options.maxOutputBytes ?? SCRIPT_OUTPUT_LIMIT,
    ...(ctx.become ? { become: ctx.become } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.rawStdout ? { rawStdout: true } : {}),
  });
}

/** A failed result. */
export function failed(msg: string, data: Record<string, unknown> = {}, changed = false): StepResult {
  return { changed, failed: true, msg, data };
}

/**
 * The failure a step's own script ran into, or undefined when it ran to the end: become
 * refused, a timeout, output cut short, or a non-zero exit. `what` names the operation.
 */
export function scriptFailure(r: ExecResult, what: string): string | undefined {
  if (r.becomeError) return `${what}: ${r.becomeError.message}`;
  if (r.timedOut) return `${what}: timed out on the host`;
  if (r.truncated) return `${what}: the host's answer was larger than ${SCRIPT_OUTPUT_LIMIT} bytes`;
  if (r.rc !== 0) return `${what}: ${lastLine(r.stderr) || `exit code ${r.rc ?? r.signal}`}`;
  return undefined;
}

/** The last non-empty line of `text` (the message a failing tool prints last). */
export function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.at(-1) ?? '';
}
