/**
 * Python's `str` methods that templates call, directly (`text.split(',')`) or through filters
 * (`split`, `trim`, `replace`), with Python's exact edge cases: `split()` without a separator
 * drops empty parts, `strip('x')` strips a set of characters, `replace` takes a count.
 */
import { TemplateError } from './errors.js';

/** `s.split(sep=None, maxsplit=-1)`. */
export function pySplit(s: string, sep: string | null, maxsplit = -1): string[] {
  if (sep === null) {
    const parts: string[] = [];
    let rest = s.replace(/^\s+/, '');
    while (rest.length > 0) {
      if (maxsplit >= 0 && parts.length >= maxsplit) {
        parts.push(rest);
        break;
      }
      const m = /\s+/.exec(rest);
      if (!m) {
        parts.push(rest);
        break;
      }
      parts.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    return parts;
  }
  if (sep === '') throw new TemplateError('empty separator');
  const parts = s.split(sep);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
}

/** `s.rsplit(sep, maxsplit)`. */
export function pyRsplit(s: string, sep: string | null, maxsplit = -1): string[] {
  if (maxsplit < 0) return pySplit(s, sep);
  const reversed = (t: string) => [...t].reverse().join('');
  return pySplit(reversed(s), sep === null ? null : reversed(sep), maxsplit)
    .map(reversed)
    .reverse();
}

/** `s.strip(chars)`, `lstrip`, `rstrip`; whitespace when `chars` is null. */
export function pyStrip(s: string, chars: string | null, side: 'both' | 'left' | 'right' = 'both'): string {
  if (chars === null) return side === 'left' ? s.trimStart() : side === 'right' ? s.trimEnd() : s.trim();
  const set = new Set(chars);
  let start = 0;
  let end = s.length;
  if (side !== 'right') while (start < end && set.has(s[start]!)) start++;
  if (side !== 'left') while (end > start && set.has(s[end - 1]!)) end--;
  return s.slice(start, end);
}

/** `s.replace(old, new, count)`; the caller bounds the result's length first. */
export function pyReplace(s: string, old: string, replacement: string, count = -1): string {
  if (old === '') {
    const chars = Array.from(s);
    const limit = count < 0 ? chars.length + 1 : Math.min(count, chars.length + 1);
    let out = '';
    for (let i = 0; i <= chars.length; i++) out += (i < limit ? replacement : '') + (chars[i] ?? '');
    return out;
  }
  const parts = s.split(old);
  if (count < 0 || parts.length - 1 <= count) return parts.join(replacement);
  return parts.slice(0, count + 1).join(replacement) + old + parts.slice(count + 1).join(old);
}

/** The length `s.replace(old, new, count)` would have, to check before building it. */
export function replacedLength(s: string, old: string, replacement: string, count = -1): number {
  const occurrences = old === '' ? s.length + 1 : s.split(old).length - 1;
  const n = count < 0 ? occurrences : Math.min(count, occurrences);
  return s.length + n * (replacement.length - old.length);
}

/** `s.splitlines()`. */
export function pySplitlines(s: string): string[] {
  const lines = s.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** `s.count(sub)`: non-overlapping occurrences. */
export function pyCount(s: string, sub: string): number {
  return sub === '' ? s.length + 1 : s.split(sub).length - 1;
}

/** `s.title()`: the first letter of every run of letters upper-cased, the rest lower-cased. */
export function pyTitle(s: string): string {
  return s.toLowerCase().replace(/(^|[^A-Za-z])([a-z])/g, (_m, before: string, letter: string) => before + letter.toUpperCase());
}

/** `s.capitalize()`. */
export function pyCapitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}
