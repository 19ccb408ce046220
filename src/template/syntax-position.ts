/**
 * Finds where in a template a syntax error is. The package's lexer and parser keep no
 * positions, so we narrow it down ourselves: an unclosed tag is an error of the text as a
 * whole; otherwise the first `{{ … }}` that fails on its own, or the first `{% … %}` with an
 * unknown keyword, a bad expression or a missing or stray `end…`, is the place.
 */
import { scanTags, type TagSpan } from './scan-tags.js';

/** Where an error is (`offset` undefined: the text as a whole) and, sometimes, a clearer message. */
export interface SyntaxLocation {
  offset: number | undefined;
  message?: string;
}

/** Says whether a piece of template text compiles. */
export type Compiles = (text: string) => boolean;

const OPENING: Record<string, string> = { if: 'endif', for: 'endfor', filter: 'endfilter', set: 'endset' };
const MIDDLE = new Set(['elif', 'else']);
const CLOSING = new Set(['endif', 'endfor', 'endfilter', 'endset']);
const SIMPLE = new Set(['break', 'continue']);

/** Locates the error in `text`, which is known not to compile. */
export function locateSyntaxError(text: string, compiles: Compiles): SyntaxLocation {
  const spans = scanTags(text);
  const unclosed = spans.find((s) => s.end === undefined);
  if (unclosed) {
    const opener = text.slice(unclosed.start, unclosed.start + 2);
    const closer = { '{{': '}}', '{%': '%}', '{#': '#}' }[opener] ?? 'endraw';
    return { offset: undefined, message: `\`${opener}\` is never closed with \`${closer}\`` };
  }
  for (const span of spans) {
    if (span.kind === 'expression' && !compiles(text.slice(span.start, span.end))) return { offset: innerOffset(text, span) };
  }
  return locateStatement(
    text,
    spans.filter((s) => s.kind === 'statement'),
    compiles,
  );
}

interface Open {
  keyword: string;
  span: TagSpan;
}

function locateStatement(text: string, spans: TagSpan[], compiles: Compiles): SyntaxLocation {
  const open: Open[] = [];
  for (const span of spans) {
    const inner = text.slice(span.innerStart, span.innerEnd).replace(/^-/, '').trim();
    const keyword = /^\w*/.exec(inner)![0];
    const at = innerOffset(text, span);
    if (OPENING[keyword] && !(keyword === 'set' && inner.includes('='))) {
      if (!compiles(`{% ${inner} %}{% ${OPENING[keyword]} %}`)) return { offset: at };
      open.push({ keyword, span });
    } else if (MIDDLE.has(keyword)) {
      const top = open.at(-1)?.keyword;
      if (top !== 'if' && !(top === 'for' && keyword === 'else')) return { offset: at, message: `\`${keyword}\` outside an \`if\`` };
      if (keyword === 'elif' && !compiles(`{% if true %}{% ${inner} %}{% endif %}`)) return { offset: at };
    } else if (CLOSING.has(keyword)) {
      const top = open.pop();
      if (!top || OPENING[top.keyword] !== keyword) return { offset: at, message: `unexpected \`${keyword}\`` };
    } else if (keyword === 'set' || SIMPLE.has(keyword)) {
      if (!compiles(`{% ${inner} %}`)) return { offset: at };
    } else {
      return { offset: at, message: `unknown statement \`${keyword || inner.slice(0, 20)}\`` };
    }
  }
  const unclosed = open[0];
  if (unclosed) {
    return {
      offset: innerOffset(text, unclosed.span),
      message: `\`${unclosed.keyword}\` is never closed with \`${OPENING[unclosed.keyword]}\``,
    };
  }
  return { offset: undefined };
}

/** The offset of the first non-blank character inside a tag (after any `-`). */
function innerOffset(text: string, span: TagSpan): number {
  let i = span.innerStart;
  if (text[i] === '-') i++;
  while (i < span.innerEnd && /\s/.test(text[i]!)) i++;
  return i;
}

/** Moves an offset from the start of a tag to the unknown filter or test the message names. */
export function refineOffset(text: string, offset: number, message: string): number {
  const unknown = /^no (filter|test) named '(\w+)'/.exec(message);
  if (!unknown) return offset;
  const pattern =
    unknown[1] === 'filter' ? new RegExp(`\\|\\s*(${unknown[2]})\\b`, 'g') : new RegExp(`\\bis\\s+(?:not\\s+)?(${unknown[2]})\\b`, 'g');
  pattern.lastIndex = offset;
  const m = pattern.exec(text);
  if (m) return m.index + m[0].length - m[1]!.length;
  // Named in a string argument: `map('trimm')`, `select('definde')`.
  const quoted = new RegExp(`(['"])(${unknown[2]})\\1`, 'g');
  quoted.lastIndex = offset;
  const q = quoted.exec(text);
  return q ? q.index + 1 : offset;
}
