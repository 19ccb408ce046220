/**
 * The moments certificate steps judge validity at: relative ones (`+90d`, `-1w`, `+2w3d`) and
 * ISO 8601 dates or date-times, exactly the forms `VALID_AT` and `JUDGED_AT` accept. "Now" is
 * always passed in, never read here, so `at:` and tests can move it.
 */

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const RELATIVE = /^([+-])((?:\d+[smhdw])+)$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * `text` as a moment: relative to `now`, or absolute. A date alone is midnight UTC, and a
 * date-time without a zone is UTC too (certificates are in UTC; the controller's zone must not
 * change an answer). Returns undefined for anything else, including impossible dates
 * (`2026-02-30`).
 */
export function parseMoment(text: string, now: Date): Date | undefined {
  const rel = RELATIVE.exec(text);
  if (rel) {
    let ms = 0;
    for (const [, n, unit] of rel[2]!.matchAll(/(\d+)([smhdw])/g)) ms += Number(n) * UNIT_MS[unit!]!;
    return new Date(now.getTime() + (rel[1] === '-' ? -ms : ms));
  }
  return parseIsoMoment(text);
}

/** An ISO 8601 date or date-time only (the `at` argument). */
export function parseIsoMoment(text: string): Date | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${offset}`);
  if (Number.isNaN(date.getTime())) return undefined;
  // Date rolls 2026-02-30 over to March; an impossible date is a typo, not a moment.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return undefined;
  return date;
}

/** ISO 8601 UTC with `Z` and whole seconds (`2026-10-24T16:38:46Z`), as certificates store time. */
export function isoSeconds(date: Date): string {
  const ms = date.getTime();
  return new Date(ms - (((ms % 1000) + 1000) % 1000)).toISOString().replace('.000Z', 'Z');
}
