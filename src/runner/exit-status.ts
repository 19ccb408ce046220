/**
 * The run's exit code from what happened, in this precedence (documented in the README):
 * interrupted (99) > a host failed (2) > a host unreachable (3) > all good (0). A failure is
 * reported before unreachability because it is the one that needs a person; unreachable
 * alone usually means "try again later".
 */
import type { HostStats } from '../events/run-events.js';

/** Exit codes a finished run can have (a subset of the CLI's). */
export const RUN_EXIT = { OK: 0, HOSTS_FAILED: 2, HOSTS_UNREACHABLE: 3, INTERRUPTED: 99 } as const;

/** The exit code for a run with these counters. */
export function exitCodeOf(stats: Record<string, HostStats>, interrupted: boolean): number {
  if (interrupted) return RUN_EXIT.INTERRUPTED;
  const all = Object.values(stats);
  if (all.some((s) => s.failed > 0)) return RUN_EXIT.HOSTS_FAILED;
  if (all.some((s) => s.unreachable > 0)) return RUN_EXIT.HOSTS_UNREACHABLE;
  return RUN_EXIT.OK;
}
