/** Path checks on the host: existence in one small exec, contents through `readFile`. */
import { RemoteFileError } from '../../connection/errors.js';
import { shellQuote } from '../../connection/shell-quote.js';
import { execOnHost, scriptFailure } from '../host-ops/host-exec.js';
import { searchGroups } from '../host-ops/python-pattern.js';
import type { StepContext } from '../step-run.js';
import type { CheckOutcome } from './poll.js';

/** The largest file `search_regex` reads. */
export const SEARCH_MAX_BYTES = 16 * 1024 * 1024;

/** Checks whether `path` exists (or not, with `wantPresent` false). */
export async function checkPathExists(ctx: StepContext, path: string, wantPresent: boolean, budgetMs: number): Promise<CheckOutcome> {
  const r = await execOnHost(ctx, `if [ -e ${shellQuote(path)} ] || [ -L ${shellQuote(path)} ]; then echo present; else echo absent; fi`, {
    timeoutMs: budgetMs,
  });
  const problem = scriptFailure(r, `cannot look at ${path}`);
  if (problem) return { done: false, note: problem };
  const present = r.stdout.trim() === 'present';
  return present === wantPresent ? { done: true } : { done: false, note: `${path} is ${present ? 'still there' : 'not there yet'}` };
}

/** Checks that `path` exists and its contents match `regex`. */
export async function checkPathContains(ctx: StepContext, path: string, regex: RegExp): Promise<CheckOutcome> {
  let text: string;
  try {
    const data = await ctx.host.readFile(path, { maxBytes: SEARCH_MAX_BYTES, ...(ctx.become ? { become: ctx.become } : {}) });
    text = data.toString('utf8');
  } catch (error) {
    if (!(error instanceof RemoteFileError)) throw error;
    if (error.code === 'TOO_LARGE')
      return { done: false, fatal: `${path} is larger than ${SEARCH_MAX_BYTES} bytes; search_regex cannot read it` };
    return { done: false, note: error.code === 'ENOENT' ? `${path} is not there yet` : `${path}: ${error.detail}` };
  }
  const groups = searchGroups(regex, text);
  if (groups && 'error' in groups) return { done: false, fatal: groups.error };
  return groups ? { done: true, data: groups } : { done: false, note: `${path} does not match search_regex yet` };
}
