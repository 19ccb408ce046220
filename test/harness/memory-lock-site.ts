/**
 * An in-memory host for the host lock's algorithm (`src/steps/host-lock/`): lock directories,
 * owner files, a clock and the sshd sessions alive on it. Each operation is one synchronous
 * change, as each is one command on a real host; runs interleave between operations, as runs
 * against one host do. The shell site itself is tested against a real sshd (test/steps-run).
 */
import type { LockView } from '../../src/steps/host-lock/lock-judge.js';
import type { LockSite, TakeOutcome, TakeoverOutcome } from '../../src/steps/host-lock/lock-site.js';

/** A directory on the in-memory host: when it was made, and its owner file when it has one. */
interface Dir {
  mtime: number;
  owner?: string;
}

/** One connection's sshd session on the host (what a lock's owner file names). */
export interface Session {
  user: string;
  pid: number;
  start: string;
}

/** The host: its clock (epoch seconds), its directories, its live processes (pid → start time). */
export class MemoryLockHost {
  now = 1_800_000_000;
  readonly dirs = new Map<string, Dir>();
  readonly processes = new Map<number, string>();
  private nextPid = 1000;

  /** A new live sshd session. */
  session(user = 'ops'): Session {
    const pid = this.nextPid++;
    const start = String(pid * 7);
    this.processes.set(pid, start);
    return { user, pid, start };
  }

  /** The session ends (its connection closed, certbook killed). */
  end(session: Session): void {
    this.processes.delete(session.pid);
  }

  /** The lock as `session` would write it at `taken` (epoch seconds). */
  ownerText(token: string, session: Session, taken = this.now): string {
    return `token=${token}\nuser=${session.user}\npid=${session.pid}\npid_start=${session.start}\nstarted=${new Date(taken * 1000).toISOString().replace(/\.\d+Z$/, 'Z')}\nstarted_epoch=${taken}`;
  }

  /** The lock site `path` as seen through `session`'s connection. */
  site(path: string, session: Session): LockSite {
    const take = (token: string): boolean => {
      if (this.dirs.has(path)) return false;
      this.dirs.set(path, { mtime: this.now, owner: this.ownerText(token, session) });
      return true;
    };
    const view = (): LockView => {
      const dir = this.dirs.get(path);
      const owner = dir?.owner ?? '';
      const pid = /^pid=(\d+)$/m.exec(owner)?.[1];
      return {
        exists: dir !== undefined,
        owner,
        now: this.now,
        ...(dir ? { lockMtime: dir.mtime } : {}),
        ownerPidStartNow: pid === undefined ? '' : (this.processes.get(Number(pid)) ?? ''),
      };
    };
    return {
      path,
      take: async (token): Promise<TakeOutcome> => (take(token) ? { taken: true } : { taken: false, view: view() }),
      inspect: async () => view(),
      takeOver: async (token, judged): Promise<TakeoverOutcome> => {
        const guard = `${path}.takeover`;
        const held = this.dirs.get(guard);
        if (held && this.now - held.mtime > 60) this.dirs.delete(guard);
        if (this.dirs.has(guard)) return 'busy';
        const dir = this.dirs.get(path);
        const same = dir !== undefined && (dir.owner ?? '') === judged.owner && (judged.owner !== '' || this.now - dir.mtime > 60);
        if (!same) return 'changed';
        this.dirs.delete(path);
        return take(token) ? 'taken' : 'lost';
      },
      release: async (token) => {
        if (!(this.dirs.get(path)?.owner ?? '').split('\n').includes(`token=${token}`)) return false;
        this.dirs.delete(path);
        return true;
      },
    };
  }
}
