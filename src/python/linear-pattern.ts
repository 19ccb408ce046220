/**
 * Which patterns may run on the main thread without a time limit: those that cannot backtrack
 * badly. A backtracking engine needs a quantifier inside a quantified group (`(a+)+`), two
 * unbounded quantifiers that can share text (`.*a.*`), a backreference or a lookaround to take
 * more than quadratic time; with at most one unbounded quantifier, no quantified group and none
 * of those, a match over `n` characters takes at most about n² steps. Together with a cap on the
 * text's length ({@link INLINE_TEXT_LIMIT}) that is a few milliseconds at worst, less than the
 * worker's round trip costs at fleet scale (bounded-regex.ts). The check is conservative: a
 * pattern it cannot read goes to the worker.
 */

/** Longest text an inline-safe pattern is matched against on the main thread (≤ ~1M steps). */
export const INLINE_TEXT_LIMIT = 1024;

/** A bounded quantifier `{n,m}` with m above this counts as unbounded. */
const SMALL_REPEAT = 16;

const known = new Map<string, boolean>();

/** Whether `source` (a JavaScript pattern) has at most one unbounded quantifier and nothing worse. */
export function isInlineSafe(source: string): boolean {
  let safe = known.get(source);
  if (safe === undefined) {
    safe = readsAsInlineSafe(source);
    if (known.size < 4096) known.set(source, safe);
  }
  return safe;
}

function readsAsInlineSafe(source: string): boolean {
  let unbounded = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      // \1…\9 and \k<name> are backreferences.
      if (/[1-9k]/.test(next)) return false;
      i++;
    } else if (c === '[') {
      // A class is one atom: skip to its closing bracket (escapes inside included).
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      if (i >= source.length) return false;
    } else if (c === '(') {
      if (source[i + 1] === '?' && /^\?(=|!|<=|<!)/.test(source.slice(i + 1, i + 4))) return false;
    } else if (c === ')') {
      if (/[*+?{]/.test(source[i + 1] ?? '')) return false;
    } else if (c === '*' || c === '+') {
      unbounded++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (m) {
        if (m[2] !== undefined && (m[3] === '' || Number(m[3]) > SMALL_REPEAT)) unbounded++;
        else if (Number(m[1]) > SMALL_REPEAT) unbounded++;
        i += m[0].length - 1;
      }
    }
    if (unbounded > 1) return false;
  }
  return true;
}
