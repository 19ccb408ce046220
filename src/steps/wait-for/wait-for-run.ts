/** `wait_for`: picks the check for the target, validates what can fail early, then polls. */
import { translatePythonPattern } from '../../python/python-pattern.js';
import { wait } from '../interruptible-wait.js';
import type { StepContext, StepResult } from '../step-run.js';
import type { WaitForArgs } from '../wait-for.js';
import { checkPathContains, checkPathExists } from './path-check.js';
import { type Check, pollUntil } from './poll.js';
import { checkDrained, checkPort } from './port-check.js';
import { checkUrl } from './url-check.js';
import { wantPresent } from './wait-args.js';

/** Runs `wait_for`. */
export async function runWaitFor(a: WaitForArgs, ctx: StepContext): Promise<StepResult> {
  const target = a.port !== undefined ? `${a.host}:${a.port}` : (a.path ?? a.url);
  if (target === undefined) {
    const start = performance.now();
    await wait(a.timeout * 1000, ctx);
    const elapsed = seconds(performance.now() - start);
    if (ctx.halt?.aborted)
      return {
        changed: false,
        failed: true,
        msg: `interrupted after sleeping ${elapsed} s of ${a.timeout}`,
        data: { elapsed, state: a.state },
      };
    return { changed: false, msg: `slept ${a.timeout} s`, data: { elapsed, state: a.state } };
  }
  const check = buildCheck(a, ctx);
  if (typeof check === 'string') return { changed: false, failed: true, msg: check };
  const { outcome, elapsedMs, halted } = await pollUntil(check, {
    delayMs: a.delay * 1000,
    intervalMs: a.sleep * 1000,
    timeoutMs: a.timeout * 1000,
    signal: ctx.signal,
    ...(ctx.halt ? { halt: ctx.halt } : {}),
  });
  const data = { elapsed: seconds(elapsedMs), state: a.state, ...outcome.data };
  if (halted)
    return {
      changed: false,
      failed: true,
      msg: `interrupted after ${data.elapsed} s waiting for ${target} to be ${a.state}${outcome.note ? ` (last check: ${outcome.note})` : ''}`,
      data,
    };
  if (outcome.done) return { changed: false, msg: `${target} is ${a.state} after ${data.elapsed} s`, data };
  const why =
    outcome.fatal ??
    `timeout after ${a.timeout} s waiting for ${target} to be ${a.state}${outcome.note ? ` (last check: ${outcome.note})` : ''}`;
  return { changed: false, failed: true, msg: outcome.fatal ?? a.msg ?? why, data };
}

/** The check for the target in `a`, or why the arguments cannot work. */
function buildCheck(a: WaitForArgs, ctx: StepContext): Check | string {
  const budget = (left: number): number => Math.min(left, a.connect_timeout * 1000);
  const present = wantPresent(a.state);
  if (a.state === 'drained' && a.port === undefined) return '`state: drained` needs `port`';
  let regex: RegExp | undefined;
  if (a.search_regex !== undefined) {
    const compiled = translatePythonPattern(a.search_regex, a.path !== undefined ? 'm' : '');
    if ('error' in compiled) return `invalid search_regex: ${compiled.error}`;
    regex = compiled.regex;
  }
  if (a.port !== undefined) {
    const port = a.port;
    if (a.state === 'drained') return (left) => checkDrained(ctx, port, budget(left));
    return (left) => checkPort(ctx, a.host, port, present, budget(left));
  }
  if (a.path !== undefined) {
    const path = a.path;
    if (regex && present) {
      const r = regex;
      return () => checkPathContains(ctx, path, r);
    }
    return (left) => checkPathExists(ctx, path, present, budget(left));
  }
  let url: URL;
  try {
    url = new URL(a.url!);
  } catch {
    return `${JSON.stringify(a.url)} is not a valid URL`;
  }
  const statuses = Array.isArray(a.status_code) ? a.status_code : [a.status_code];
  const options = { url, statuses, validateCerts: a.validate_certs, wantAnswer: present, ...(regex ? { regex } : {}) };
  return (left) => checkUrl(ctx, options, budget(left));
}

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}
