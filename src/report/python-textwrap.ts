/**
 * Python's `textwrap.wrap` (3.11, default options), which Ansible uses to wrap `[WARNING]: …`
 * lines to the terminal width. Ported chunk splitting included, so a warning breaks at the same
 * hyphen or space as ansible-playbook breaks it, byte for byte.
 */

const WS = '[\\t\\n\\x0b\\x0c\\r ]';
const NWS = '[^\\t\\n\\x0b\\x0c\\r ]';
/** Python's Unicode `\w`, and `[^\d\W]` (a word character that is not a digit). */
const WORD = '[\\p{L}\\p{N}_]';
const LETTER = '[\\p{L}\\p{Nl}\\p{No}_]';
const WORD_PUNCT = `(?:${WORD}|[!"'&.,?])`;

/** `TextWrapper.wordsep_re`: whitespace runs, em-dashes between words, words split after hyphens. */
const WORDSEP = new RegExp(
  `(${WS}+` +
    `|(?<=${WORD_PUNCT})-{2,}(?=${WORD})` +
    `|${NWS}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})` +
    `|(?=${WS}|$)` +
    `|(?<=${WORD_PUNCT})(?=-{2,}${WORD})))`,
  'u',
);

/** `textwrap.wrap(text, width)`: the lines, without newlines; none longer than `width` unless a word is. */
export function pythonWrap(text: string, width: number): string[] {
  const chunks = splitChunks(text).reverse();
  const lines: string[] = [];
  while (chunks.length > 0) {
    if (lines.length > 0 && isBlank(chunks[chunks.length - 1]!)) chunks.pop();
    const line: string[] = [];
    let length = 0;
    while (chunks.length > 0 && length + chunks[chunks.length - 1]!.length <= width) {
      const chunk = chunks.pop()!;
      line.push(chunk);
      length += chunk.length;
    }
    if (chunks.length > 0 && chunks[chunks.length - 1]!.length > width) breakLongWord(chunks, line, length, width);
    if (line.length > 0 && isBlank(line[line.length - 1]!)) line.pop();
    if (line.length > 0) lines.push(line.join(''));
  }
  return lines;
}

/** `_munge_whitespace` (tabs expanded to 8, every whitespace character a space) then `_split`. */
function splitChunks(text: string): string[] {
  const munged = expandTabs(text).replace(/[\t\n\x0b\x0c\r]/g, ' ');
  return munged.split(WORDSEP).filter((c) => c !== '');
}

function expandTabs(text: string): string {
  if (!text.includes('\t')) return text;
  let out = '';
  let column = 0;
  for (const ch of text) {
    if (ch === '\t') {
      const pad = 8 - (column % 8);
      out += ' '.repeat(pad);
      column += pad;
    } else {
      out += ch;
      column = ch === '\n' || ch === '\r' ? 0 : column + 1;
    }
  }
  return out;
}

function isBlank(chunk: string): boolean {
  return chunk.trim() === '';
}

/** `_handle_long_word`: a word longer than a line is cut, after its last fitting hyphen if it has one. */
function breakLongWord(chunks: string[], line: string[], length: number, width: number): void {
  const spaceLeft = width < 1 ? 1 : width - length;
  const chunk = chunks[chunks.length - 1]!;
  let end = spaceLeft;
  if (chunk.length > spaceLeft) {
    const hyphen = chunk.lastIndexOf('-', spaceLeft - 1);
    if (hyphen > 0 && /[^-]/.test(chunk.slice(0, hyphen))) end = hyphen + 1;
  }
  line.push(chunk.slice(0, end));
  chunks[chunks.length - 1] = chunk.slice(end);
}
