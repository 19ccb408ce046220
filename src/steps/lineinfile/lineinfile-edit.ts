/**
 * `lineinfile`'s edit of a file's text, exactly as ansible-core 2.14's module does it (its
 * `present` and `absent`), on the controller: pure, so every case can be held to Ansible's own
 * results (test/fixtures/lineinfile/). Lines keep their terminators as Python's `readlines()`
 * keeps them; the text is data from the host and is never rendered.
 *
 * One difference, on purpose: a `regexp` is searched in a line without its final `\n`, because
 * JavaScript's `$` does not match before a final newline as Python's does; only a pattern that
 * matches the newline itself (`\n`, `\s` at the end) behaves differently.
 */

import type { RegexMatch } from '../../python/bounded-regex.js';
import { pythonRegex, pythonSearch, pythonSub } from '../../template/python-regex.js';
import type { LineinfileArgs } from '../lineinfile.js';
import type { EditedFileArgs } from './lineinfile-run.js';

/** The arguments that decide the edit. */
export type LineEditArgs = Omit<LineinfileArgs, keyof EditedFileArgs>;

/** The new lines, whether they differ, Ansible's message, and (for absent) how many were found. */
export interface LineEdit {
  lines: string[];
  changed: boolean;
  msg: string;
  found?: number;
}

/** Python's `readlines()` on bytes: split after every `\n`, terminators kept. */
export function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

const stripEol = (l: string): string => l.replace(/[\r\n]+$/, '');
const withoutNewline = (l: string): string => (l.endsWith('\n') ? l.slice(0, -1) : l);

/** Applies `state: present` or `absent` to `lines` (a copy is returned). */
export function editLines(a: LineEditArgs, lines: readonly string[]): LineEdit {
  return a.state === 'absent' ? absent(a, lines) : present(a, [...lines]);
}

function search(regex: RegExp, line: string): RegexMatch | null {
  return pythonSearch(regex, withoutNewline(line), 'lineinfile');
}

/** `match.expand(line)`: the match's text replaced by `template`, cut out of the substituted line. */
function expand(regex: RegExp, match: RegexMatch, template: string, line: string): string {
  const text = withoutNewline(line);
  const replaced = pythonSub(regex, template, text, 1);
  const after = text.length - match.index - (match.all[0] ?? '').length;
  return replaced.slice(match.index, replaced.length - after);
}

function present(a: LineEditArgs, lines: string[]): LineEdit {
  const line = a.line ?? '';
  let insertafter = a.insertafter;
  const insertbefore = a.insertbefore;
  if (insertafter === undefined && insertbefore === undefined) insertafter = 'EOF';
  const re = a.regexp !== undefined ? pythonRegex(a.regexp) : undefined;
  const insPattern =
    insertafter !== undefined && insertafter !== 'BOF' && insertafter !== 'EOF'
      ? insertafter
      : insertbefore !== undefined && insertbefore !== 'BOF'
        ? insertbefore
        : undefined;
  const ins = insPattern !== undefined ? pythonRegex(insPattern) : undefined;
  // Ansible's index[0] (the matching line) and index[1] (where insertafter/insertbefore puts it).
  let matchAt = -1;
  let insAt = -1;
  let match: RegexMatch | boolean | null = null;
  let exact = false;
  if (re) {
    for (const [n, cur] of lines.entries()) {
      const m = search(re, cur);
      if (m) {
        matchAt = n;
        match = m;
        if (a.firstmatch) break;
      }
    }
  }
  if (a.search_string !== undefined) {
    for (const [n, cur] of lines.entries()) {
      if (cur.includes(a.search_string)) {
        matchAt = n;
        match = true;
        if (a.firstmatch) break;
      }
    }
  }
  if (!match) {
    for (const [n, cur] of lines.entries()) {
      if (line === stripEol(cur)) {
        matchAt = n;
        exact = true;
      } else if (ins && search(ins, cur)) {
        if (insertafter) {
          insAt = n + 1;
          if (a.firstmatch) break;
        }
        if (insertbefore) {
          insAt = n;
          if (a.firstmatch) break;
        }
      }
    }
  }
  const added = (): LineEdit => ({ lines, changed: true, msg: 'line added' });
  const same = (): LineEdit => ({ lines, changed: false, msg: '' });
  if (matchAt !== -1) {
    let newLine = a.backrefs && re && match && match !== true ? expand(re, match, line, lines[matchAt]!) : line;
    if (!newLine.endsWith('\n')) newLine += '\n';
    if (a.regexp === undefined && a.search_string === undefined && !match && !exact) {
      // Unreachable in practice (matchAt is only set by a match or an exact line), kept as Ansible has it.
      return same();
    }
    if (lines[matchAt] !== newLine) {
      lines[matchAt] = newLine;
      return { lines, changed: true, msg: 'line replaced' };
    }
    return same();
  }
  if (a.backrefs) return same();
  if (insertbefore === 'BOF' || insertafter === 'BOF') {
    lines.unshift(`${line}\n`);
    return added();
  }
  if (insertafter === 'EOF' || insAt === -1) {
    if (lines.length && !/[\n\r]$/.test(lines[lines.length - 1]!)) lines.push('\n');
    lines.push(`${line}\n`);
    return added();
  }
  if (insertafter && insAt !== -1) {
    if (lines.length === insAt) {
      if (stripEol(lines[insAt - 1]!) !== line) {
        lines.push(`${line}\n`);
        return added();
      }
      return same();
    }
    if (line !== stripEol(lines[insAt]!)) {
      lines.splice(insAt, 0, `${line}\n`);
      return added();
    }
    return same();
  }
  lines.splice(insAt, 0, `${line}\n`);
  return added();
}

function absent(a: LineEditArgs, lines: readonly string[]): LineEdit {
  const re = a.regexp !== undefined ? pythonRegex(a.regexp) : undefined;
  let found = 0;
  const kept = lines.filter((cur) => {
    const hit = re ? search(re, cur) !== null : a.search_string !== undefined ? cur.includes(a.search_string) : a.line === stripEol(cur);
    if (hit) found++;
    return !hit;
  });
  return { lines: kept, changed: found > 0, msg: found > 0 ? `${found} line(s) removed` : '', found };
}
