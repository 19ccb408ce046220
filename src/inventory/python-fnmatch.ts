/**
 * Shell-style globs (`web*`, `db?`, `[abc]`, `[!x]`, `[a-f]`) translated to regular
 * expressions as Python's `fnmatch.translate` does, which is how Ansible matches host and
 * group names against a pattern: case-sensitive, `*` crossing dots, the whole name matched.
 */

/** Translates a glob to an anchored RegExp with Python's rules for character classes. */
export function globToRegExp(pattern: string): RegExp {
  let out = '';
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const c = pattern[i++]!;
    if (c === '*') {
      if (!out.endsWith('.*')) out += '.*';
    } else if (c === '?') {
      out += '.';
    } else if (c === '[') {
      const cls = characterClass(pattern, i);
      out += cls.regex;
      i = cls.next;
    } else {
      out += escapeRegExp(c);
    }
  }
  return new RegExp(`^(?:${out})$`, 's');
}

function characterClass(pat: string, start: number): { regex: string; next: number } {
  const n = pat.length;
  let j = start;
  if (j < n && pat[j] === '!') j++;
  if (j < n && pat[j] === ']') j++;
  while (j < n && pat[j] !== ']') j++;
  if (j >= n) return { regex: '\\[', next: start };
  let stuff = pat.slice(start, j).includes('-') ? rangeChunks(pat, start, j) : pat.slice(start, j).replace(/\\/g, '\\\\');
  const next = j + 1;
  if (!stuff) return { regex: '(?!)', next };
  if (stuff === '!') return { regex: '.', next };
  if (stuff[0] === '!') stuff = `^${stuff.slice(1)}`;
  else if (stuff[0] === '^' || stuff[0] === '[') stuff = `\\${stuff}`;
  // A `]` right after `[` or `[!` is literal in Python; JavaScript needs it escaped.
  return { regex: `[${stuff.replace(/]/g, '\\]')}]`, next };
}

/** Python's handling of `-` inside a class: ranges kept, reversed (empty) ranges removed. */
function rangeChunks(pat: string, start: number, end: number): string {
  const chunks: string[] = [];
  let i = start;
  let k = pat[i] === '!' ? i + 2 : i + 1;
  for (;;) {
    k = pat.indexOf('-', k);
    if (k < 0 || k >= end) break;
    chunks.push(pat.slice(i, k));
    i = k + 1;
    k += 3;
  }
  const last = pat.slice(i, end);
  if (last) chunks.push(last);
  else chunks[chunks.length - 1] += '-';
  for (let m = chunks.length - 1; m > 0; m--) {
    const prev = chunks[m - 1]!;
    const cur = chunks[m]!;
    if (prev[prev.length - 1]! > cur[0]!) {
      chunks[m - 1] = prev.slice(0, -1) + cur.slice(1);
      chunks.splice(m, 1);
    }
  }
  return chunks.map((s) => s.replace(/\\/g, '\\\\').replace(/-/g, '\\-')).join('-');
}

function escapeRegExp(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}
