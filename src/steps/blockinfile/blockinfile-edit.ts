/**
 * `blockinfile`'s edit, exactly as ansible-core 2.14's module does it, on the controller: pure,
 * so every case can be held to Ansible's own results (test/fixtures/file-edits/). The block sits
 * between two marker lines; an existing pair is replaced in place, otherwise the block goes
 * after the last line matching `insertafter` (`EOF`: at the end) or before the last matching
 * `insertbefore` (`BOF`: at the start). The file's text is data: never rendered.
 */
import { pythonRegex, pythonSearch } from '../../template/python-regex.js';
import type { BlockinfileArgs } from '../blockinfile.js';
import type { EditedFileArgs } from '../lineinfile/lineinfile-run.js';

/** The arguments that decide the edit. */
export type BlockEditArgs = Omit<BlockinfileArgs, keyof EditedFileArgs>;

/** Python's `bytes.splitlines(True)`: after `\n`, `\r\n` or a lone `\r`, terminators kept. */
export function splitLinesKeepEnds(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n|\r(?!\n))/);
}

/** The marker line for `mark` (`BEGIN`/`END`), with its newline. */
export function markerLine(marker: string, mark: string): string {
  return `${marker.replaceAll('{mark}', mark)}\n`;
}

/** The new text of the file (`original` null: the file does not exist yet). */
export function editBlock(a: BlockEditArgs, original: string | null): string {
  const lines = splitLinesKeepEnds(original ?? '');
  let insertafter = a.insertafter;
  const insertbefore = a.insertbefore;
  if (insertafter === undefined && insertbefore === undefined) insertafter = 'EOF';
  // As in Ansible, `insertafter: BOF` is a pattern, not the start of the file.
  const pattern =
    insertafter !== undefined && insertafter !== 'EOF'
      ? insertafter
      : insertbefore !== undefined && insertbefore !== 'BOF'
        ? insertbefore
        : undefined;
  const insertRe = pattern !== undefined ? pythonRegex(pattern) : undefined;
  const begin = markerLine(a.marker, a.marker_begin);
  const end = markerLine(a.marker, a.marker_end);
  let blockLines: string[] = [];
  if (a.state === 'present' && a.block) {
    const block = a.block.endsWith('\n') ? a.block : `${a.block}\n`;
    blockLines = [begin, ...splitLinesKeepEnds(block), end];
  }
  let n0: number | undefined;
  let n1: number | undefined;
  for (const [i, line] of lines.entries()) {
    if (line === begin) n0 = i;
    if (line === end) n1 = i;
  }
  if (n0 === undefined || n1 === undefined) {
    n0 = insertRe ? insertAt(insertRe, lines, original ?? '', insertafter !== undefined) : insertbefore !== undefined ? 0 : lines.length;
  } else if (n0 < n1) {
    lines.splice(n0, n1 - n0 + 1);
  } else {
    lines.splice(n1, n0 - n1 + 1);
    n0 = n1;
  }
  if (n0 > 0 && !lines[n0 - 1]!.endsWith('\n')) lines[n0 - 1] += '\n';
  lines.splice(n0, 0, ...blockLines);
  return lines.join('');
}

/** Where the block goes when the file has no markers yet. */
function insertAt(re: RegExp, lines: readonly string[], original: string, after: boolean): number {
  let n0: number | undefined;
  if (re.multiline) {
    // A `(?m)` pattern is searched in the whole text, as Ansible does.
    const match = pythonSearch(re, original, 'blockinfile');
    if (match) n0 = countNewlines(original, after ? match.index + (match.all[0] ?? '').length : match.index);
  } else {
    // Searched without the final newline, as lineinfile does (JavaScript's `$` does not match before one).
    for (const [i, line] of lines.entries()) if (pythonSearch(re, line.endsWith('\n') ? line.slice(0, -1) : line, 'blockinfile')) n0 = i;
  }
  if (n0 === undefined) return lines.length;
  return after ? n0 + 1 : n0;
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (text[i] === '\n') n++;
  return n;
}
