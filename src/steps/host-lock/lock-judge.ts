/**
 * Judging a held host lock from what the host showed of it (its owner file, whether the owner's
 * sshd session still runs, how old it is): stale or live, and how to name its holder. Pure: the
 * same rules for the shell site (real hosts) and the in-memory one (unit tests).
 */

/** What the host showed of a lock it could not take, read in one command. */
export interface LockView {
  /** The lock directory exists. */
  exists: boolean;
  /** The owner file as written by the holder (`key=value` lines), '' when there is none (yet). */
  owner: string;
  /** The host's clock, epoch seconds: ages are judged by the host's clock, never the controller's. */
  now: number;
  /** When the lock directory was made (epoch seconds), when it exists. */
  lockMtime?: number;
  /** The start time (`/proc/PID/stat` field 22) of the process that has the owner's pid now, '' when none. */
  ownerPidStartNow: string;
}

/** The verdict on a lock held by someone else. */
export interface LockJudgement {
  /** Why the lock is stale (`its sshd session (pid 42) is gone`), or '' when it is live. */
  stale: string;
  /** The holder as the owner file names it, without its token (`user=ops pid=42 …`). */
  holder: string;
}

/**
 * A lock directory without an owner file is being taken (mkdir and the owner file are two
 * steps); after this long it is the leftover of a take that was killed half-way.
 */
export const OWNERLESS_STALE_AFTER_S = 60;

/** The owner file's `key=value` lines as a map (later keys win; other lines are ignored). */
export function parseOwner(owner: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of owner.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) fields.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return fields;
}

/** The holder as named in messages: the owner file's lines but the token, or that it has none yet. */
export function describeHolder(owner: string): string {
  const lines = owner.split('\n').filter((line) => line !== '' && !line.startsWith('token='));
  return lines.length > 0 ? lines.join(' ') : 'being taken, no owner file yet';
}

/**
 * Stale when the owner's sshd session is gone (certbook was killed, the host rebooted: the pid
 * is absent or started at another time), when it is older than `maxAgeS`, or when it has had no
 * owner file for {@link OWNERLESS_STALE_AFTER_S} seconds.
 */
export function judgeLock(view: LockView, maxAgeS: number): LockJudgement {
  const holder = describeHolder(view.owner);
  if (view.owner === '') {
    const age = view.now - (view.lockMtime ?? view.now);
    return { stale: view.exists && age > OWNERLESS_STALE_AFTER_S ? 'no owner file' : '', holder };
  }
  const fields = parseOwner(view.owner);
  const pid = fields.get('pid') ?? '';
  if (pid !== '' && view.ownerPidStartNow !== (fields.get('pid_start') ?? '')) {
    return { stale: `its sshd session (pid ${pid}) is gone`, holder };
  }
  const started = Number(fields.get('started_epoch') ?? 0);
  if (view.now - (Number.isFinite(started) ? started : 0) > maxAgeS) return { stale: `older than ${maxAgeS} s`, holder };
  return { stale: '', holder };
}
