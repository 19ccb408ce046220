/**
 * An INI inventory file as text lines, cut the way Ansible's INI plugin cuts it: decoded as
 * UTF-8, split by Python's `str.splitlines()` (which also breaks at `\r`, `\v`, `\f`, `\x1c`
 * to `\x1e`, `\x85`, U+2028 and U+2029, so its line numbers are the ones Ansible's messages
 * use), and each line stripped of Python's whitespace, which is not JavaScript's (`\x1c` to
 * `\x1f` and `\x85` are whitespace in Python; U+FEFF is not).
 */
import { readFileSync, statSync } from 'node:fs';
import { fileProblem } from '../errors/fs-error-text.js';
import type { ProblemList } from '../errors/problem.js';
import { MAX_SOURCE_BYTES } from '../yaml/source-file.js';
import { firstInvalidUtf8 } from '../yaml/utf8.js';

/** The characters Python's `str.isspace()` accepts, as a regular-expression class body. */
export const PY_SPACE = String.raw`\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`;

const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;
const LEADING_SPACE = new RegExp(`^[${PY_SPACE}]+`);
const TRAILING_SPACE = new RegExp(`[${PY_SPACE}]+$`);

/** Python's `text.splitlines()`. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(LINE_BREAK);
  if (LINE_BREAK.test(text.slice(-1))) lines.pop();
  return lines;
}

/** Python's `line.strip()`, and how many characters it removed in front. */
export function pyStrip(line: string): { text: string; offset: number } {
  const offset = LEADING_SPACE.exec(line)?.[0].length ?? 0;
  return { text: line.slice(offset).replace(TRAILING_SPACE, ''), offset };
}

/**
 * The lines of an INI file, or undefined after recording why it cannot be read. Bytes that are
 * not UTF-8 are tolerated in comment lines only, as Ansible tolerates them (issue 17593).
 */
export function readIniLines(path: string, shownAs: string, problems: ProblemList): string[] | undefined {
  let bytes: Buffer;
  try {
    const stat = statSync(path);
    if (stat.size > MAX_SOURCE_BYTES) {
      problems.add({ code: 'FILE_TOO_LARGE', message: `${shownAs} is ${stat.size} bytes; the limit is ${MAX_SOURCE_BYTES}` });
      return undefined;
    }
    bytes = readFileSync(path);
  } catch (error) {
    problems.add(fileProblem(error, shownAs));
    return undefined;
  }
  // Python's utf-8 codec keeps a byte-order mark as U+FEFF; the parser reports it.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    return splitLines(decoder.decode(bytes));
  } catch {
    // Fall through: decode line by line and blank out comment lines that are not UTF-8.
  }
  const parts: string[] = [];
  for (let lineStart = 0, lineNo = 1; lineStart <= bytes.length; lineNo++) {
    const newline = bytes.indexOf(0x0a, lineStart);
    const end = newline < 0 ? bytes.length : newline;
    const raw = bytes.subarray(lineStart, end);
    try {
      parts.push(decoder.decode(raw));
    } catch {
      if (raw[0] !== 0x23 && raw[0] !== 0x3b) {
        const col = firstInvalidUtf8(raw)?.col ?? 1;
        problems.add({
          code: 'FILE_UNREADABLE',
          message: `${shownAs} is not valid UTF-8 text`,
          pos: { file: shownAs, line: lineNo, col },
          sourceLine: new TextDecoder().decode(raw),
          hint: 'save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`); only comment lines may hold other bytes',
        });
        return undefined;
      }
      parts.push('');
    }
    lineStart = end + 1;
  }
  return splitLines(parts.join('\n'));
}
