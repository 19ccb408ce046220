/**
 * Python's `shlex.split(line, comments=True)` (POSIX mode), which Ansible's INI plugin uses to
 * cut a host line into the host and its `key=value` pairs. The rules that surprise people are
 * Python's: `#` starts a comment even in the middle of a word (`pass=ab#cd` is `pass=ab`),
 * quotes may open anywhere in a word and are removed (`k="a b"` is `k=a b`), a backslash
 * outside quotes escapes any character, and inside double quotes only `"` and `\`.
 */

/** One word and the offset in the line where it starts (its opening quote, if any). */
export interface ShlexToken {
  text: string;
  start: number;
}

/** The words of `line`, or the message Python's ValueError carries. */
export type ShlexResult = { tokens: ShlexToken[] } | { error: string };

const WHITESPACE = ' \t\r\n';
const QUOTES = `'"`;

/** Splits `line` as `shlex.split(line, comments=True, posix=True)` does. */
export function shlexSplit(line: string): ShlexResult {
  const tokens: ShlexToken[] = [];
  let state: 'space' | 'word' | "'" | '"' = 'space';
  let token = '';
  let quoted = false;
  let start = 0;
  const emit = (): void => {
    if (token || quoted) tokens.push({ text: token, start });
    token = '';
    quoted = false;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (state === 'space' || state === 'word') {
      if (WHITESPACE.includes(ch)) {
        if (state === 'word') emit();
        state = 'space';
      } else if (ch === '#') {
        break; // the rest of the line is a comment
      } else {
        if (state === 'space') start = i;
        state = 'word';
        if (QUOTES.includes(ch)) {
          state = ch as "'" | '"';
          quoted = true;
        } else if (ch === '\\') {
          if (i + 1 >= line.length) return { error: 'No escaped character' };
          token += line[++i];
        } else token += ch;
      }
    } else if (ch === state) {
      state = 'word';
    } else if (ch === '\\' && state === '"') {
      if (i + 1 >= line.length) return { error: 'No escaped character' };
      const next = line[++i]!;
      // Inside double quotes a backslash escapes only the quote and itself.
      token += next === '"' || next === '\\' ? next : `\\${next}`;
    } else token += ch;
  }
  if (state === "'" || state === '"') return { error: 'No closing quotation' };
  if (state === 'word') emit();
  return { tokens };
}
