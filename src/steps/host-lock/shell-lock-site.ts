/** The lock operations (`lock-site.ts`) on a real host: one command each (`lock-scripts.ts`). */
import { execOnHost } from '../host-ops/host-exec.js';
import type { StepContext } from '../step-run.js';
import type { LockView } from './lock-judge.js';
import { OWNERLESS_STALE_AFTER_S } from './lock-judge.js';
import { inspectScript, OWNER_MARKER, releaseScript, takeoverScript, takeScript } from './lock-scripts.js';
import type { LockSite, TakeOutcome, TakeoverOutcome } from './lock-site.js';

/** A lock command that did not run as it must (no permission, a failed become): the step fails with it. */
export class LockCommandError extends Error {}

/** The lock directory `path` on the host of `ctx`, with the task's become, signal and timeout. */
export function shellLockSite(ctx: StepContext, path: string): LockSite {
  const run = async (script: string): Promise<string> => {
    const r = await execOnHost(ctx, script);
    if (r.rc !== 0)
      throw new LockCommandError(
        `the lock command on the host failed (rc ${r.rc ?? r.signal ?? 'none'}): ${r.stderr.trim() || 'no message'}`,
      );
    return r.stdout;
  };
  return {
    path,
    async take(token): Promise<TakeOutcome> {
      const out = await run(takeScript(path, token));
      if (out.startsWith('taken\n')) return { taken: true };
      if (!out.startsWith('held\n'))
        throw new LockCommandError(`unexpected answer from the lock command: ${JSON.stringify(out.slice(0, 200))}`);
      return { taken: false, view: parseView(out.slice('held\n'.length)) };
    },
    async inspect() {
      return parseView(await run(inspectScript(path)));
    },
    async takeOver(token, judged): Promise<TakeoverOutcome> {
      const out = (await run(takeoverScript(path, token, judged.owner, OWNERLESS_STALE_AFTER_S))).trim();
      if (out === 'taken' || out === 'busy' || out === 'changed' || out === 'lost') return out;
      throw new LockCommandError(`unexpected answer from the lock takeover: ${JSON.stringify(out.slice(0, 200))}`);
    },
    async release(token) {
      return (await run(releaseScript(path, token))).trim() === 'released';
    },
  };
}

/** The view printed by the scripts' `inspect`: `key=value` lines, the marker, the owner file. */
export function parseView(text: string): LockView {
  const at = text.indexOf(`\n${OWNER_MARKER}\n`);
  if (at < 0) throw new LockCommandError(`unexpected lock view from the host: ${JSON.stringify(text.slice(0, 200))}`);
  const head = new Map(
    text
      .slice(0, at)
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
  );
  // The owner file as `$(cat …)` read it (trailing newlines dropped), followed by printf's newline.
  const owner = text.slice(at + OWNER_MARKER.length + 2).replace(/\n$/, '');
  const mtime = Number(head.get('lock_mtime') || Number.NaN);
  return {
    exists: head.get('exists') === 'yes',
    owner,
    now: Number(head.get('now')),
    ...(Number.isFinite(mtime) ? { lockMtime: mtime } : {}),
    ownerPidStartNow: head.get('pid_start_now') ?? '',
  };
}
