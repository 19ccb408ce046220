/**
 * Splitting a command line into words the way a POSIX shell (and Python's `shlex.split`, which
 * Ansible uses) does: quotes and backslashes are honoured, nothing else is. No variable,
 * command or glob expansion happens: `$(id)` stays the text `$(id)`.
 */

/** The words of `line`, or an error message when a quote is left open. */
export function splitShellWords(line: string): { words: string[] } | { error: string } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { error: 'a single quote is not closed' };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (ch === '"') {
      const read = readDoubleQuoted(line, i + 1);
      if (!read) return { error: 'a double quote is not closed' };
      word += read.text;
      inWord = true;
      i = read.end;
    } else if (ch === '\\') {
      // A backslash before a newline joins lines; before anything else it makes it literal.
      if (i + 1 < line.length && line[i + 1] !== '\n') {
        word += line[i + 1];
        inWord = true;
      }
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return { words };
}

/** Reads a double-quoted string starting after its opening quote; `end` is the closing quote. */
function readDoubleQuoted(line: string, start: number): { text: string; end: number } | undefined {
  let text = '';
  for (let i = start; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"') return { text, end: i };
    if (ch === '\\' && i + 1 < line.length && '$`"\\\n'.includes(line[i + 1]!)) {
      if (line[i + 1] !== '\n') text += line[i + 1];
      i++;
    } else {
      text += ch;
    }
  }
  return undefined;
}
