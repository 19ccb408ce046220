/**
 * Ansible's `key=value` argument splitting (`ansible/parsing/splitter.py`, ansible-core 2.14),
 * ported line for line so `-e 'msg="hello world" n=1'` means exactly what it means to
 * ansible-playbook: whitespace splits words except inside quotes and `{{ }}`, `{% %}`,
 * `{# #}` blocks; a value keeps its text, only one pair of outer quotes is removed.
 */

/** Thrown for input Ansible rejects too (unbalanced quotes or template blocks). */
export class SplitArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SplitArgsError';
  }
}

/** `parseKv`'s answer: the pairs, and the words that were not `key=value`. */
export interface KeyValues {
  pairs: Record<string, string>;
  rawWords: string[];
}

/** Splits `args` into `key=value` pairs; values stay strings, as in Ansible. */
export function parseKv(args: string): KeyValues {
  const pairs: Record<string, string> = {};
  const rawWords: string[] = [];
  for (const original of splitArgs(args)) {
    const word = decodeEscapes(original);
    const at = unescapedEquals(word);
    if (at === undefined) {
      rawWords.push(word.includes('=') ? word.replace(/\\=/g, '=') : original);
      continue;
    }
    pairs[word.slice(0, at).trim()] = unquote(word.slice(at + 1).trim());
  }
  return { pairs, rawWords };
}

/** The index of the first `=` not preceded by a backslash, skipping index 0 as Ansible does. */
function unescapedEquals(word: string): number | undefined {
  let pos = 0;
  for (;;) {
    pos = word.indexOf('=', pos + 1);
    if (pos === -1) return undefined;
    if (word[pos - 1] !== '\\') return pos;
  }
}

/** Removes one pair of matching outer quotes (Ansible's `unquote`). */
export function unquote(text: string): string {
  const quoted = text.length > 1 && text[0] === text.at(-1) && (text[0] === '"' || text[0] === "'") && text.at(-2) !== '\\';
  return quoted ? text.slice(1, -1) : text;
}

const SINGLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Python's `unicode-escape` decoding of the escapes Ansible recognises (not `\N{name}`). */
export function decodeEscapes(text: string): string {
  return text.replace(/\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\\'"abfnrtv])/g, (_m, esc: string) => {
    if (esc.length === 1) return SINGLE_ESCAPES[esc]!;
    const code = Number.parseInt(esc.slice(1), 16);
    if (code > 0x10ffff) throw new SplitArgsError(`\\${esc} is not a valid character`);
    return String.fromCodePoint(code);
  });
}

/** State carried across words while splitting. */
interface SplitState {
  params: string[];
  quote: string | undefined;
  print: number;
  block: number;
  comment: number;
}

/** Splits on spaces and newlines, rejoining words split inside quotes or template blocks. */
export function splitArgs(args: string): string[] {
  const state: SplitState = { params: [], quote: undefined, print: 0, block: 0, comment: 0 };
  const lines = args.split('\n');
  lines.forEach((line, lineIndex) => {
    const continued = splitLine(state, line);
    if (lines.length > 1 && lineIndex !== lines.length - 1 && !continued) appendToLast(state, '\n');
  });
  if (state.print || state.block || state.comment || state.quote !== undefined) {
    throw new SplitArgsError('unbalanced quotes or template block');
  }
  return state.params;
}

/** Splits one line into the state; true when it ended with a `\` line continuation. */
function splitLine(state: SplitState, line: string): boolean {
  const words = line.split(' ');
  let continued = false;
  words.forEach((word, index) => {
    if (word.length === 0 && index !== 0) {
      // Runs of spaces are kept on the previous word, as Ansible does.
      appendToLast(state, ' ');
      return;
    }
    if (word === '\\' && state.quote === undefined) {
      continued = true;
      return;
    }
    let appended = joinQuoted(state, word, index, words.length);
    for (const [key, open, close] of [
      ['print', '{{', '}}'],
      ['block', '{%', '%}'],
      ['comment', '{#', '#}'],
    ] as const) {
      const before = state[key];
      state[key] = blockDepth(word, before, open, close);
      if (state[key] !== before && !appended) {
        state.params.push(word);
        appended = true;
      }
    }
    if (!inBlock(state) && state.quote === undefined && !appended && word !== '') state.params.push(word);
  });
  return continued;
}

/** Handles a word that starts, continues or ends a quoted or templated run; true when placed. */
function joinQuoted(state: SplitState, word: string, index: number, count: number): boolean {
  const wasInside = state.quote !== undefined;
  state.quote = quoteState(word, state.quote);
  const inside = state.quote !== undefined;
  if (inside && !wasInside && !inBlock(state)) {
    state.params.push(word);
    return true;
  }
  if (!(inBlock(state) || inside || wasInside)) return false;
  if (index === 0 && wasInside) appendToLast(state, word);
  else if (count > 1) appendToLast(state, (index > 0 ? ' ' : '') + word);
  else appendToLast(state, `\n${word}`);
  return true;
}

function inBlock(state: SplitState): boolean {
  return state.print > 0 || state.block > 0 || state.comment > 0;
}

function appendToLast(state: SplitState, text: string): void {
  // Python raises IndexError here; Ansible reports "Unable to parse argument string".
  if (state.params.length === 0) throw new SplitArgsError('unable to parse the argument string');
  state.params[state.params.length - 1] += text;
}

/** Which quote is open after `word`, given the one open before it. */
function quoteState(word: string, open: string | undefined): string | undefined {
  let quote = open;
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if ((c === '"' || c === "'") && (i === 0 || word[i - 1] !== '\\')) {
      if (quote === undefined) quote = c;
      else if (c === quote) quote = undefined;
    }
  }
  return quote;
}

function blockDepth(word: string, depth: number, open: string, close: string): number {
  const opens = word.split(open).length - 1;
  const closes = word.split(close).length - 1;
  return opens === closes ? depth : Math.max(0, depth + opens - closes);
}
