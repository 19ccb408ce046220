/**
 * The host lock's algorithm: take a free lock; take over a stale one (one run at a time, and only
 * while it is still the lock judged stale, so no run removes a lock another has just taken);
 * refuse a live one, naming its holder; release only this run's own. Waiting for a held lock is
 * the task's `until:` (each attempt shows, an interrupt stops the retries at once).
 */
import { randomUUID } from 'node:crypto';
import type { HostLockArgs } from '../host-lock.js';
import type { StepResult } from '../step-run.js';
import { judgeLock, type LockView } from './lock-judge.js';
import type { LockSite, TakeOutcome } from './lock-site.js';

/** The exit status a refused lock registers as `rc`, as the shell lock did (EX_TEMPFAIL: try again later). */
export const LOCK_HELD_RC = 75;

/** Takes (`present`) or releases (`absent`) the lock at `site`; in check mode only looks. */
export async function runHostLock(a: HostLockArgs, site: LockSite, check: boolean): Promise<StepResult> {
  return a.state === 'present' ? take(a, site, check) : release(a, site, check);
}

async function take(a: HostLockArgs, site: LockSite, check: boolean): Promise<StepResult> {
  const name = `${a.label} ${site.path}`;
  const token = randomUUID();
  const held = (view: LockView, verdict = judgeLock(view, a.max_age)): StepResult => {
    // Counted as held either way (rc 75, tried again when waiting), as the shell lock did.
    const msg = view.exists
      ? `${name} is held by another run (${verdict.holder}): refusing to touch this node`
      : `${name} could not be taken and is not there: released meanwhile, or its directory cannot be made (does its parent exist, may this user write there?)`;
    return {
      changed: false,
      failed: true,
      msg,
      data: { rc: LOCK_HELD_RC, stdout: '', stderr: msg, lock: site.path, hold: name, holder: verdict.holder },
    };
  };
  const taken = (note = '', takenOver?: string): StepResult => ({
    changed: true,
    msg: note || `${name} ${check ? 'would be taken' : 'taken'}`,
    data: {
      rc: 0,
      stdout: check ? '' : token,
      stderr: note,
      token: check ? '' : token,
      lock: site.path,
      hold: name,
      ...(takenOver ? { taken_over: takenOver } : {}),
    },
  });

  const first: TakeOutcome = check ? await inspectAsTake(site) : await site.take(token);
  if (first.taken) return taken();
  const verdict = judgeLock(first.view, a.max_age);
  if (!verdict.stale) return held(first.view, verdict);
  const note = `stale ${name} (${verdict.stale}; ${verdict.holder}): ${check ? 'would be taken over' : 'taken over'}`;
  if (check) return taken(note, verdict.stale);
  const outcome = await site.takeOver(token, first.view);
  if (outcome === 'taken') return taken(note, verdict.stale);
  // Another run is taking it over, released it, or took it first: name whoever holds it now.
  if (outcome === 'busy') return held(first.view, verdict);
  return held(await site.inspect());
}

/** In check mode: the lock as `take` would find it, without taking it. */
async function inspectAsTake(site: LockSite): Promise<TakeOutcome> {
  const view = await site.inspect();
  return view.exists ? { taken: false, view } : { taken: true };
}

async function release(a: HostLockArgs, site: LockSite, check: boolean): Promise<StepResult> {
  const name = `${a.label} ${site.path}`;
  const token = a.token ?? '';
  const data = { lock: site.path, hold: name };
  if (token === '') return { changed: false, msg: `no token: ${name} was not taken by this run`, data: { ...data, stdout: '' } };
  let released: boolean;
  if (check) {
    const view = await site.inspect();
    released = view.owner.split('\n').includes(`token=${token}`);
  } else {
    released = await site.release(token);
  }
  const msg = released
    ? `${name} ${check ? 'would be released' : 'released'}`
    : `${name} is not this run's (released already, or taken over as stale)`;
  return { changed: released, msg, data: { ...data, stdout: released && !check ? 'released' : '' } };
}
