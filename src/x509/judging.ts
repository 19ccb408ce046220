/**
 * The "when" of certificate steps, from their arguments: `at` replaces now, `valid_at`
 * names moments relative to it, and `warn_days` says how close to expiry is WARNING. Checked once per task, before anything is read, so a bad
 * moment is one clear failure rather than a null per certificate.
 */
import type { DescribeOptions } from './describe.js';
import { parseIsoMoment, parseMoment } from './moments.js';

/** The arguments that say when to judge (`JUDGED_AT` and `VALID_AT` in schema-helpers). */
export interface JudgingArgs {
  at?: string;
  valid_at?: Record<string, string>;
  /** Days before expiry that make the status WARNING (the schema's default, 90, when absent). */
  warn_days?: number;
}

/** Describe options for `args` as of `now`, or why the moments cannot be read. */
export function judgingOptions(args: JudgingArgs, now: Date): { options: DescribeOptions } | { error: string } {
  let judged = now;
  if (args.at !== undefined) {
    const at = parseIsoMoment(args.at);
    if (!at) return { error: `at: ${JSON.stringify(args.at)} is not a date (write e.g. 2027-01-31 or 2027-01-31T12:00:00Z)` };
    judged = at;
  }
  const validAt: Record<string, Date> = {};
  for (const [name, spec] of Object.entries(args.valid_at ?? {})) {
    const moment = parseMoment(spec, judged);
    if (!moment) return { error: `valid_at.${name}: ${JSON.stringify(spec)} is not a moment (write e.g. +90d or 2027-01-31)` };
    validAt[name] = moment;
  }
  return { options: { now: judged, validAt, ...(args.warn_days !== undefined ? { warningDays: args.warn_days } : {}) } };
}
