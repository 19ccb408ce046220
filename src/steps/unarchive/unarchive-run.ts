/** `unarchive`: one exec that checks, stages, compares and (unless in check mode) restores. */
import { randomBytes } from 'node:crypto';
import { execOnHost, failed, lastLine, scriptFailure } from '../host-ops/host-exec.js';
import type { StepContext, StepResult } from '../step-run.js';
import type { UnarchiveArgs } from '../unarchive.js';
import { unarchiveScript } from './unarchive-script.js';

/** Runs `unarchive`. */
export async function runUnarchive(a: UnarchiveArgs, ctx: StepContext): Promise<StepResult> {
  const dest = normaliseDest(a.dest);
  const suffix = `.certbook-${randomBytes(6).toString('hex')}.tmp`;
  const r = await execOnHost(ctx, unarchiveScript(a, dest, ctx.check, suffix));
  const records = r.stdout.split('\0');
  const marker = (tag: string): string | undefined => records.find((x) => x === tag || x.startsWith(`${tag} `))?.slice(tag.length + 1);
  const base = { dest: a.dest, src: a.src };
  if (marker('@CREATES') !== undefined)
    return { changed: false, msg: `skipped, since ${a.creates} exists`, data: { ...base, extracted: [], removed: [] } };
  const noSrc = marker('@NOSRC');
  if (noSrc !== undefined) return failed(`cannot restore ${a.src}: it ${noSrc}`, base);
  const noDest = marker('@NODEST');
  if (noDest !== undefined) return failed(`cannot restore into ${a.dest}: it ${noDest}`, base);
  const unsafe = marker('@UNSAFE');
  if (unsafe !== undefined)
    return failed(`refusing to restore ${a.src}: the entry ${JSON.stringify(unsafe)} would land outside ${a.dest}`, base);
  if (marker('@TARFAIL') !== undefined) return failed(`cannot extract ${a.src}: ${lastLine(r.stderr)}`, base);
  const problem = scriptFailure(r, `restoring ${a.src} into ${a.dest} failed`);
  if (problem || marker('@DONE') === undefined)
    return failed(problem ?? `restoring ${a.src} stopped early: ${lastLine(r.stderr)}`, base, !ctx.check);
  const extracted = unique(records.filter((x) => x.startsWith('W ') || x.startsWith('T ')).map((x) => x.slice(2)));
  const removed = topMost(records.filter((x) => x.startsWith('R ')).map((x) => x.slice(2)));
  const changed = extracted.length > 0 || removed.length > 0;
  const verb = ctx.check ? 'would restore' : 'restored';
  return {
    changed,
    msg: changed ? `${verb} ${extracted.length} entries, ${ctx.check ? 'would remove' : 'removed'} ${removed.length}` : 'ok',
    data: { ...base, extracted, removed },
  };
}

/** No trailing slash, and `./` before a relative path (find would read `-x` as an option). */
function normaliseDest(dest: string): string {
  const trimmed = dest.length > 1 ? dest.replace(/\/+$/, '') : dest;
  return trimmed.startsWith('/') ? trimmed : `./${trimmed}`;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/** Drops entries inside another listed entry: removing a directory removes its contents. */
function topMost(paths: string[]): string[] {
  const set = new Set(paths);
  return paths
    .filter((p) => {
      for (let i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) if (set.has(p.slice(0, i))) return false;
      return true;
    })
    .sort();
}
