/** The arguments of `find`, defaults applied, and the parsing of `age` and `size`. */

const AGE_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const SIZE_UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** `30d` → 2592000, `-1h` → -3600 (seconds; negative means "at most this old"). */
export function parseAge(text: string): number {
  return parseAmount(text, AGE_UNITS, 's');
}

/** `10k` → 10240, `-1m` → -1048576 (bytes; negative means "at most this large"). */
export function parseSize(text: string): number {
  return parseAmount(text, SIZE_UNITS, 'b');
}

function parseAmount(text: string, units: Record<string, number>, fallback: string): number {
  const m = /^(-?)(\d+)([a-z]?)$/.exec(text);
  if (!m) throw new RangeError(`not an amount: ${text}`);
  const value = Number(m[2]) * (units[m[3] || fallback] ?? 1);
  return m[1] ? -value : value;
}
