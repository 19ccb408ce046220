/**
 * Seeded, reproducible mutations of YAML text for the loader fuzz tests: each case is one
 * small edit of a valid file (a byte, a line, an indentation, a key, a value, a structure
 * swap), the kinds of mistakes people and broken tools make.
 */

const SNIPPETS = [
  ':',
  '- ',
  '  ',
  '\t',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '&a',
  '*a',
  '!!binary',
  '!unsafe ',
  '{{',
  '}}',
  '{% if %}',
  '<<: *a',
  '---',
  '...',
  '#',
  '|',
  '>',
  '?',
  '%YAML 1.1',
  '\u0000',
  '\uFFFD',
  'yes',
  'no',
  '0644',
  '1e309',
  '-1',
  'when: ',
  'loop: ',
  'block:',
  'shell: ',
  'hosts: ',
  'import_tasks: x.yaml',
  '\n',
  '\r\n',
  'é',
  '🙂',
];

/** One mutation of `text`, chosen and placed by `random`. */
export function mutate(text: string, random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const lines = text.split('\n');
  const at = Math.floor(random() * Math.max(1, text.length));
  const line = Math.floor(random() * lines.length);
  switch (Math.floor(random() * 8)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 4));
    case 1:
      return text.slice(0, at) + pick(SNIPPETS) + text.slice(at);
    case 2:
      lines.splice(line, 1);
      return lines.join('\n');
    case 3:
      lines.splice(line, 0, lines[Math.floor(random() * lines.length)]!);
      return lines.join('\n');
    case 4:
      lines[line] = ' '.repeat(Math.floor(random() * 5)) + lines[line]!.trimStart();
      return lines.join('\n');
    case 5:
      lines[line] = lines[line]!.replace(/\w+/, () =>
        pick(['name', 'when', 'shell', 'tasks', 'hosts', 'vars', 'block', 'x', 'loop', 'register']),
      );
      return lines.join('\n');
    case 6:
      lines[line] = lines[line]!.replace(/: .*$/, `: ${pick(SNIPPETS)}`);
      return lines.join('\n');
    default: {
      const other = Math.floor(random() * lines.length);
      [lines[line], lines[other]] = [lines[other]!, lines[line]!];
      return lines.join('\n');
    }
  }
}
