/**
 * The recap counters, counted exactly as ansible-core's strategy counts them: an ok result
 * counts `ok` (and `changed` when it changed); an ignored failure counts `ok`, `ignored` and
 * maybe `changed`; a failure inside a block that has a rescue counts `rescued` instead of
 * `failed`; an ignored unreachable counts `ok` and `ignored`.
 */
import { emptyStats, type HostStats } from '../events/run-events.js';

/** How one host's task ended, for counting. */
export interface Counted {
  status: 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';
  ignored: boolean;
  /** The failure happened inside a block with a `rescue` section. */
  rescuing: boolean;
}

/** Per-host counters for the whole run. */
export class StatsBook {
  private readonly stats = new Map<string, HostStats>();

  /** Makes sure a host appears in the recap even if nothing ever ran on it. */
  touch(host: string): HostStats {
    let s = this.stats.get(host);
    if (!s) {
      s = emptyStats();
      this.stats.set(host, s);
    }
    return s;
  }

  count(host: string, outcome: Counted): void {
    const s = this.touch(host);
    switch (outcome.status) {
      case 'skipped':
        s.skipped++;
        return;
      case 'ok':
      case 'changed':
        s.ok++;
        if (outcome.status === 'changed') s.changed++;
        return;
      case 'unreachable':
        if (outcome.ignored) {
          s.ok++;
          s.ignored++;
        } else s.unreachable++;
        return;
      case 'failed':
        if (outcome.ignored) {
          s.ok++;
          s.ignored++;
        } else if (outcome.rescuing) s.rescued++;
        else s.failed++;
    }
  }

  /** A changed result that was ignored also counts as changed (Ansible reads `changed` from it). */
  countChangedToo(host: string): void {
    this.touch(host).changed++;
  }

  snapshot(): Record<string, HostStats> {
    return Object.fromEntries([...this.stats].map(([h, s]) => [h, { ...s }]));
  }
}
