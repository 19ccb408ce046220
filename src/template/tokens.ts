/**
 * Turns template text into @huggingface/jinja tokens, filling three gaps of its lexer:
 * `{% raw %}` blocks (kept as literal text), trailing newlines (its preprocess drops one; we
 * keep Jinja's `trim_blocks` and let the renderer restore newlines as Ansible does), and test
 * arguments (`x is match('^a')`), which its parser cannot read: every `is [not] NAME` becomes a
 * filter named `is:NAME` / `is!NAME` (see ast.ts), which the evaluator dispatches to tests.
 * Like Jinja's own grammar, filters and tests then chain left to right at the same level.
 */
import { tokenize } from '@huggingface/jinja';
import { NEGATED_TEST_PREFIX, TEST_PREFIX } from './ast.js';
import { TemplateSyntaxError } from './errors.js';
import { expressionLiterals, scanTags, type TagSpan } from './scan-tags.js';

/** A lexer token: the package's parser reads only these two fields. */
export interface Token {
  value: string;
  type: string;
}

const OPENERS = new Set(['OpenParen', 'OpenSquareBracket', 'OpenCurlyBracket']);
const CLOSERS = new Set(['CloseParen', 'CloseSquareBracket', 'CloseCurlyBracket']);

/** Tokens for a whole template, tests rewritten; throws on lexer errors and over-deep nesting. */
export function templateTokens(text: string, maxNesting: number): Token[] {
  const tokens: Token[] = [];
  let from = 0;
  let trimNext = false;
  let pending: TagSpan[] = [];
  for (const span of scanTags(text)) {
    if (span.kind !== 'raw') {
      pending.push(span);
      continue;
    }
    pushLexed(tokens, withAnsibleLiterals(text, from, span.start, pending), trimNext);
    pending = [];
    const head = text.slice(span.start, span.innerStart);
    const tail = text.slice(span.innerEnd, span.end);
    let raw = text.slice(span.innerStart, span.innerEnd).replace(/^\n/, '');
    if (head.endsWith('-%}')) raw = raw.trimStart();
    if (tail.startsWith('{%-')) raw = raw.trimEnd();
    if (head.startsWith('{%-')) stripLastText(tokens);
    if (raw) tokens.push({ type: 'Text', value: raw });
    trimNext = tail.endsWith('-%}');
    from = span.end ?? text.length;
    // trim_blocks also drops the newline right after `{% endraw %}`.
    if (text[from] === '\n' && !trimNext) from++;
  }
  pushLexed(tokens, withAnsibleLiterals(text, from, text.length, pending), trimNext);
  checkNesting(tokens, maxNesting);
  return rewriteTests(oneItemTuples(mergeExponents(tokens)));
}

/** Tokens for a bare expression (`when:`), tests rewritten. */
export function expressionTokens(expression: string, maxNesting: number): Token[] {
  let prepared = '';
  let at = 0;
  for (const [start, end] of expressionLiterals(expression)) {
    prepared += expression.slice(at, start) + keepUnknownEscapes(expression.slice(start, end));
    at = end;
  }
  prepared += expression.slice(at);
  const tokens = tokenize(`{{ ${prepared} }}`) as Token[];
  checkNesting(tokens, maxNesting);
  return rewriteTests(oneItemTuples(mergeExponents(tokens)));
}

/**
 * Ansible doubles every backslash in string literals inside `{{ }}` before Jinja reads them
 * (so `regex_replace('(a)', '\\1')` means what YAML shows), while `{% %}` literals keep Python's
 * escapes, where an unknown escape such as `\d` stays as written. The package's lexer rejects
 * unknown escapes, so both cases are rewritten into escapes it reads the same way.
 */
function withAnsibleLiterals(text: string, from: number, to: number, spans: readonly TagSpan[]): string {
  let out = '';
  let at = from;
  for (const span of spans) {
    for (const [start, end] of span.literals) {
      if (end > to) break;
      const literal = text.slice(start, end);
      out += text.slice(at, start) + (span.kind === 'expression' ? doubleBackslashes(literal) : keepUnknownEscapes(literal));
      at = end;
    }
  }
  return out + text.slice(at, to);
}

function doubleBackslashes(literal: string): string {
  return literal.replace(/\\/g, '\\\\');
}

/** Python keeps `\d` as two characters; the package's lexer would throw, so spell it `\\d`. */
function keepUnknownEscapes(literal: string): string {
  return literal.replace(/\\(.?)/gs, (whole, next: string) => (KNOWN_ESCAPES.has(next) ? whole : `\\\\${next}`));
}

const KNOWN_ESCAPES = new Set(['n', 't', 'r', 'b', 'f', 'v', "'", '"', '\\', 'x', 'u']);

function pushLexed(into: Token[], segment: string, trimStart: boolean): void {
  const source = trimStart ? segment.trimStart() : segment;
  if (!source) return;
  // The package's preprocess drops one trailing newline; the extra one we add is what it drops.
  for (const token of tokenize(`${source}\n`, { trim_blocks: true }) as Token[]) into.push(token);
}

function stripLastText(tokens: Token[]): void {
  const lastToken = tokens.at(-1);
  if (lastToken?.type !== 'Text') return;
  lastToken.value = lastToken.value.trimEnd();
  if (!lastToken.value) tokens.pop();
}

function checkNesting(tokens: readonly Token[], max: number): void {
  let depth = 0;
  for (const token of tokens) {
    if (OPENERS.has(token.type) && ++depth > max) {
      throw new TemplateSyntaxError(`brackets are nested more than ${max} levels deep`, undefined);
    }
    if (CLOSERS.has(token.type)) depth--;
  }
}

function isWord(token: Token | undefined, word: string): boolean {
  return token?.type === 'Identifier' && token.value === word;
}

/** `x is not match('a')` → `x | is!match('a')`; `x is eq 5` → `x | is:eq(5)`. */
function rewriteTests(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!isWord(token, 'is') || tokens[i - 1]?.type === 'Dot') {
      out.push(token);
      continue;
    }
    const negate = isWord(tokens[i + 1], 'not');
    const name = tokens[i + (negate ? 2 : 1)];
    if (name?.type !== 'Identifier') {
      throw new TemplateSyntaxError('expected the name of a test after `is`', undefined);
    }
    out.push({ type: 'Pipe', value: '|' }, { type: 'Identifier', value: (negate ? NEGATED_TEST_PREFIX : TEST_PREFIX) + name.value });
    i += negate ? 2 : 1;
    // Jinja also takes one argument without parentheses: `x is divisibleby 3`, `x is eq y.z`.
    const end = bareArgumentEnd(tokens, i + 1);
    if (end !== undefined) {
      out.push({ type: 'OpenParen', value: '(' });
      for (let j = i + 1; j < end; j++) out.push(tokens[j]!);
      out.push({ type: 'CloseParen', value: ')' });
      i = end - 1;
    }
  }
  return out;
}

const NOT_AN_ARGUMENT = new Set(['else', 'or', 'and', 'if', 'is', 'in', 'not']);
const PAIRS: Record<string, string> = {
  OpenParen: 'CloseParen',
  OpenSquareBracket: 'CloseSquareBracket',
  OpenCurlyBracket: 'CloseCurlyBracket',
};

/** Where a bare test argument starting at `at` ends (Jinja's primary plus postfix), or undefined when there is none. */
function bareArgumentEnd(tokens: readonly Token[], at: number): number | undefined {
  const first = tokens[at];
  if (!first) return undefined;
  let end: number | undefined;
  if (first.type === 'NumericLiteral' || first.type === 'StringLiteral') end = at + 1;
  else if (first.type === 'Identifier' && !NOT_AN_ARGUMENT.has(first.value)) end = at + 1;
  else if (first.type === 'OpenSquareBracket' || first.type === 'OpenCurlyBracket') end = matching(tokens, at);
  if (end === undefined) return undefined;
  for (;;) {
    const next = tokens[end];
    if (next?.type === 'Dot' && tokens[end + 1]) end += 2;
    else if (next?.type === 'OpenSquareBracket' || next?.type === 'OpenParen') end = matching(tokens, end);
    else return end;
  }
}

/** Just past the bracket closing the one at `at`. */
function matching(tokens: readonly Token[], at: number): number {
  const open = tokens[at]!.type;
  const close = PAIRS[open]!;
  let depth = 0;
  for (let i = at; i < tokens.length; i++) {
    if (tokens[i]!.type === open) depth++;
    else if (tokens[i]!.type === close && --depth === 0) return i + 1;
  }
  return tokens.length;
}

/**
 * Float literals with an exponent (`1e3`, `2.5e-3`), which the package's lexer splits into a
 * number and an identifier: merged back into one number. No other valid template puts an
 * identifier right after a number.
 */
function mergeExponents(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    if (token.type === 'NumericLiteral' && /^[-+]?\d+$/.test(token.value) && !Number.isSafeInteger(Number(token.value))) {
      out.push(...exactInteger(token.value));
      continue;
    }
    if (token.type === 'NumericLiteral' && next?.type === 'Identifier' && /^[eE]\d*$/.test(next.value)) {
      let exponent = next.value.slice(1);
      let used = 1;
      const sign = tokens[i + 2];
      if (!exponent && (sign?.value === '-' || sign?.value === '+') && tokens[i + 3]?.type === 'NumericLiteral') {
        exponent = sign.value + tokens[i + 3]!.value;
        used = 3;
      }
      if (exponent) {
        // The parser reads the literal with Number(), which understands the exponent, and
        // makes it a float only when it has a dot: `1e20` is a float in Python.
        const mantissa = token.value.includes('.') ? token.value : `${token.value}.0`;
        out.push({ type: 'NumericLiteral', value: `${mantissa}e${exponent}` });
        i += used;
        continue;
      }
    }
    out.push(token);
  }
  return out;
}

/** Marks the end of a one-item tuple for the evaluator, which drops it (see {@link oneItemTuples}). */
export const ONE_ITEM_TUPLE = '\u0000certbook:one-item-tuple\u0000';

/** Words the lexer gives as identifiers that can stand before a parenthesised expression. */
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'elif', 'for']);

/**
 * `(x,)`, Python's one-item tuple, which the package's parser refuses (it wants an item after
 * the comma): a marker string is put after the comma, so the parser sees `(x, MARK)`, a tuple
 * the evaluator builds without the marker. A call's trailing comma (`f(x,)`) is left alone.
 */
function oneItemTuples(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    out.push(token);
    if (token.type !== 'Comma' || tokens[i + 1]?.type !== 'CloseParen') continue;
    let depth = 0;
    let open = i;
    for (; open >= 0; open--) {
      const type = tokens[open]!.type;
      if (type === 'CloseParen') depth++;
      else if (type === 'OpenParen' && depth-- === 0) break;
    }
    const before = tokens[open - 1];
    const isCall =
      before !== undefined &&
      (before.type === 'CloseParen' ||
        before.type === 'CloseSquareBracket' ||
        (before.type === 'Identifier' && !KEYWORDS.has(before.value)));
    if (open >= 0 && !isCall) out.push({ type: 'StringLiteral', value: ONE_ITEM_TUPLE } as Token);
  }
  return out;
}

/**
 * An integer literal beyond 2^53, which the parser would read with Number() and round, written
 * as `('123…' | int)` instead: the `int` filter reads every digit into a bigint.
 */
function exactInteger(digits: string): Token[] {
  return [
    { type: 'OpenParen', value: '(' },
    { type: 'StringLiteral', value: digits },
    { type: 'Pipe', value: '|' },
    { type: 'Identifier', value: 'int' },
    { type: 'CloseParen', value: ')' },
  ] as Token[];
}

/**
 * Where the single `{{ expr }}` of a template sits in the parsed body, when the template is
 * nothing but that (whitespace around it allowed); undefined otherwise.
 */
export function singleExpressionIndex(tokens: readonly Token[]): number | undefined {
  let first = 0;
  let last = tokens.length - 1;
  if (isBlankText(tokens[first])) first++;
  if (last > first && isBlankText(tokens[last])) last--;
  if (tokens[first]?.type !== 'OpenExpression' || tokens[last]?.type !== 'CloseExpression') return undefined;
  for (let i = first + 1; i < last; i++) {
    const type = tokens[i]!.type;
    if (type === 'OpenExpression' || type === 'CloseExpression' || type === 'OpenStatement' || type === 'Comment') return undefined;
  }
  return first;
}

function isBlankText(token: Token | undefined): boolean {
  return token?.type === 'Text' && token.value.trim() === '';
}
