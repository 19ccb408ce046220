/**
 * POSIX shell quoting. Everything inside single quotes is literal to every POSIX shell (dash,
 * bash, busybox ash), including newlines, `$`, backslashes and non-UTF-8 bytes; a single
 * quote itself is written as `'\''` (close, escaped quote, reopen).
 */

// No `=`: a bare `A=b` in command position is an assignment, not a word. No `~`, `*`, `?`.
const SAFE = /^[A-Za-z0-9_@%+:,./-]+$/;

/**
 * Quotes one word so that `sh -c` sees exactly `value`. Plain words (`/etc/hosts`,
 * `--flag=1`) are returned as they are for readable commands.
 *
 * @throws RangeError when `value` contains a NUL character: no shell word, argv entry or
 * environment value can hold one, so passing it would silently cut the string.
 */
export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new RangeError('a shell word cannot contain a NUL character');
  if (SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Quotes each word and joins them with spaces: `shellJoin(['ls', '-l', 'a b'])`. */
export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
