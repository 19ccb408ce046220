/**
 * Template text → parse tree, through @huggingface/jinja's lexer and parser, with our token
 * fixes (tokens.ts) and our checks (check-tree.ts). Compiled templates are cached by their
 * text in a bounded LRU, failures included, so the same `{{ item.name }}` across hundreds of
 * hosts and loop items is parsed once.
 */
import { parse } from '@huggingface/jinja';
import type { Node, Program } from './ast.js';
import { checkTree } from './check-tree.js';
import { TemplateSyntaxError } from './errors.js';
import { DEFAULT_LIMITS } from './limits.js';
import { LruCache } from './lru.js';
import { locateSyntaxError, refineOffset } from './syntax-position.js';
import { expressionTokens, singleExpressionIndex, type Token, templateTokens } from './tokens.js';

/** A parsed template, ready to evaluate. */
export interface CompiledTemplate {
  readonly program: Program;
  /** When the text is one `{{ expr }}` (whitespace around allowed): the expression, whose value keeps its type. */
  readonly single: Node | undefined;
  /** Trailing newlines of the source, which Ansible keeps in the output. */
  readonly trailingNewlines: number;
}

type Cached<T> = { ok: T } | { error: TemplateSyntaxError };

/** How many distinct template texts (and expressions) stay compiled. */
export const TEMPLATE_CACHE_SIZE = 4096;

const templates = new LruCache<string, Cached<CompiledTemplate>>(TEMPLATE_CACHE_SIZE);
const expressions = new LruCache<string, Cached<Node>>(TEMPLATE_CACHE_SIZE);

/** Compiles a template; throws {@link TemplateSyntaxError}. */
export function compileTemplate(text: string): CompiledTemplate {
  let cached = templates.get(text);
  if (!cached) {
    cached = attempt(() => buildTemplate(text), text, 0);
    templates.set(text, cached);
  }
  if ('error' in cached) throw cached.error;
  return cached.ok;
}

/** Compiles a bare expression (`when:` style); throws {@link TemplateSyntaxError}. */
export function compileExpression(expression: string): Node {
  let cached = expressions.get(expression);
  if (!cached) {
    cached = attempt(() => buildExpression(expression), `{{ ${expression} }}`, 3);
    expressions.set(expression, cached);
  }
  if ('error' in cached) throw cached.error;
  return cached.ok;
}

function buildTemplate(text: string): CompiledTemplate {
  const tokens = templateTokens(text, DEFAULT_LIMITS.maxSourceNesting);
  const program = parseTokens(tokens);
  checkTree(program, DEFAULT_LIMITS.maxDepth);
  const first = singleExpressionIndex(tokens);
  const single = first === undefined ? undefined : program.body[first === 0 ? 0 : 1];
  return { program, single, trailingNewlines: countTrailingNewlines(text) };
}

function buildExpression(expression: string): Node {
  const program = parseTokens(expressionTokens(expression, DEFAULT_LIMITS.maxSourceNesting));
  checkTree(program, DEFAULT_LIMITS.maxDepth);
  const node = program.body[0];
  if (program.body.length !== 1 || !node) throw new TemplateSyntaxError('expected a single expression', undefined);
  return node;
}

function parseTokens(tokens: Token[]): Program {
  return parse(tokens as Parameters<typeof parse>[0]) as unknown as Program;
}

/**
 * Runs a build, turning whatever the package throws (SyntaxError, Error, a TypeError when its
 * parser runs off the end of the tokens, a RangeError on absurd nesting) into our error with
 * the best position we can find. `shift` maps offsets in `located` back to the caller's text.
 */
function attempt<T>(build: () => T, located: string, shift: number): Cached<T> {
  try {
    return { ok: build() };
  } catch (error) {
    const base = error instanceof TemplateSyntaxError ? error : new TemplateSyntaxError(describe(error), undefined);
    if (base.offset !== undefined) return { error: base };
    const where = locateSyntaxError(located, compilesAlone);
    const at = where.offset === undefined ? undefined : refineOffset(located, where.offset, base.message);
    const offset = at === undefined ? undefined : Math.max(0, at - shift);
    return { error: new TemplateSyntaxError(where.message ?? base.message, offset, base.hint) };
  }
}

/** Whether a fragment compiles by itself (uncached: fragments are only built while locating an error). */
function compilesAlone(fragment: string): boolean {
  try {
    buildTemplate(fragment);
    return true;
  } catch {
    return false;
  }
}

const TOKEN_NAMES: Record<string, string> = {
  CloseExpression: '`}}`',
  OpenExpression: '`{{`',
  CloseStatement: '`%}`',
  OpenStatement: '`{%`',
  CloseParen: '`)`',
  OpenParen: '`(`',
  CloseSquareBracket: '`]`',
  OpenSquareBracket: '`[`',
  CloseCurlyBracket: '`}`',
  OpenCurlyBracket: '`{`',
  NumericLiteral: 'a number',
  StringLiteral: 'a string',
  Identifier: 'a name',
  Comma: '`,`',
  Colon: '`:`',
  Pipe: '`|`',
  Dot: '`.`',
  Equals: '`=`',
  Text: 'text',
  Comment: 'a comment',
  AdditiveBinaryOperator: 'an operator',
  MultiplicativeBinaryOperator: 'an operator',
  ComparisonBinaryOperator: 'a comparison',
  UnaryOperator: 'an operator',
};

/** The package's messages name token types (`NumericLiteral !== CloseExpression`); ours name what the user wrote. */
function describe(error: unknown): string {
  if (error instanceof RangeError) return 'the template is nested too deeply';
  const text = (error instanceof Error ? error.message : String(error)).replace(/^Parser Error: /, '');
  const name = (type: string) => TOKEN_NAMES[type] ?? type;
  const expected = /^Expected [^.]*\. (\w+) !== (\w+)\.$/.exec(text);
  if (expected) return `expected ${name(expected[2]!)}, found ${name(expected[1]!)}`;
  const unexpected = /^Unexpected token: (\w+)$/.exec(text);
  if (unexpected) return unexpected[1] === 'CloseExpression' ? 'the expression ends too early' : `unexpected ${name(unexpected[1]!)}`;
  if (error instanceof TypeError) return 'the template ends too early';
  return text;
}

function countTrailingNewlines(text: string): number {
  let n = 0;
  for (let i = text.length - 1; i >= 0 && text[i] === '\n'; i--) n++;
  return n;
}
