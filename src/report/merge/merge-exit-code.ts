/**
 * The exit code of a merged report: the worst of its shards', by the run's precedence
 * (README, "Exit codes"): 5 and 4 first (nothing ran), then 99 (interrupted), then 2 (a host
 * failed), then 3 (a host unreachable), then 0. Codes a finished run gets only around it are
 * placed too: 250 (a bug: what the shard did is unknown) above all, and 1 (an output file not
 * written by a run that was otherwise 0) just above 0, as a run itself places it.
 */

/** Exit codes from worst to best. */
const PRECEDENCE = [250, 5, 4, 99, 2, 3, 1, 0] as const;

/** A report whose run never reported its end (exit code null) counts as a bug's. */
const UNKNOWN = 250;

/** The worst of `codes` (0 for none); a code not in the table ranks as 1 does. */
export function worstExitCode(codes: ReadonlyArray<number | null>): number {
  let worst = 0;
  for (const raw of codes) {
    const code = raw ?? UNKNOWN;
    if (rank(code) < rank(worst)) worst = code;
  }
  return worst;
}

function rank(code: number): number {
  const i = (PRECEDENCE as readonly number[]).indexOf(code);
  return i === -1 ? PRECEDENCE.indexOf(1) : i;
}
