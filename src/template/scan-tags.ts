/**
 * A light scanner that finds the `{{ … }}`, `{% … %}`, `{# … #}` and `{% raw %}` regions of a
 * template and the string literals inside them, with their offsets. The package's lexer keeps
 * no positions, so this is what lets syntax errors point into the text, and what lets us treat
 * backslashes in string literals as Ansible does before the package's lexer sees them.
 */

/** One tag of a template. Offsets are 0-based; `end` is just past the closer. */
export interface TagSpan {
  kind: 'expression' | 'statement' | 'comment' | 'raw';
  start: number;
  /** Just past the closing delimiter, or undefined when the tag is never closed. */
  end: number | undefined;
  /** The text between the delimiters (for `raw`, the literal content). */
  innerStart: number;
  innerEnd: number;
  /** `[start, end)` of each quoted literal inside the tag, quotes included. */
  literals: Array<[number, number]>;
}

const CLOSERS = { expression: '}}', statement: '%}', comment: '#}' } as const;
const RAW_OPEN = /^\{%-?\s*raw\s*-?%\}/;
const RAW_CLOSE = /\{%-?\s*endraw\s*-?%\}/g;

/** Every tag in `text`, in order. Stops at the first unclosed tag (which it includes). */
export function scanTags(text: string): TagSpan[] {
  const spans: TagSpan[] = [];
  let at = 0;
  while (at < text.length) {
    const open = nextOpener(text, at);
    if (open === undefined) break;
    const raw = rawBlock(text, open);
    const span = raw ?? scanTag(text, open);
    spans.push(span);
    if (span.end === undefined) break;
    at = span.end;
  }
  return spans;
}

function nextOpener(text: string, from: number): number | undefined {
  for (let i = text.indexOf('{', from); i !== -1; i = text.indexOf('{', i + 1)) {
    const next = text[i + 1];
    if (next === '{' || next === '%' || next === '#') return i;
  }
  return undefined;
}

function rawBlock(text: string, open: number): TagSpan | undefined {
  const head = RAW_OPEN.exec(text.slice(open, open + 40));
  if (!head) return undefined;
  RAW_CLOSE.lastIndex = open + head[0].length;
  const close = RAW_CLOSE.exec(text);
  const innerStart = open + head[0].length;
  return {
    kind: 'raw',
    start: open,
    end: close ? close.index + close[0].length : undefined,
    innerStart,
    innerEnd: close ? close.index : text.length,
    literals: [],
  };
}

function scanTag(text: string, open: number): TagSpan {
  const kind = text[open + 1] === '{' ? 'expression' : text[open + 1] === '%' ? 'statement' : 'comment';
  const closer = CLOSERS[kind];
  const innerStart = open + 2;
  if (kind === 'comment') {
    const close = text.indexOf(closer, innerStart);
    return {
      kind,
      start: open,
      end: close === -1 ? undefined : close + 2,
      innerStart,
      innerEnd: close === -1 ? text.length : close,
      literals: [],
    };
  }
  const literals: Array<[number, number]> = [];
  let depth = 0;
  for (let i = innerStart; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      const end = literalEnd(text, i);
      literals.push([i, end]);
      i = end - 1;
    } else if ((depth <= 0 && text.startsWith(closer, i)) || (depth <= 0 && text.startsWith(`-${closer}`, i))) {
      const close = text[i] === '-' ? i + 1 : i;
      return { kind, start: open, end: close + 2, innerStart, innerEnd: i, literals };
    } else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
  }
  return { kind, start: open, end: undefined, innerStart, innerEnd: text.length, literals };
}

/** Just past the quote that closes the literal opening at `start` (a backslash escapes). */
function literalEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i + 1;
  }
  return text.length;
}

/** `[start, end)` of each quoted literal in a bare expression. */
export function expressionLiterals(text: string): Array<[number, number]> {
  const literals: Array<[number, number]> = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "'" || text[i] === '"') {
      const end = literalEnd(text, i);
      literals.push([i, end]);
      i = end - 1;
    }
  }
  return literals;
}
