/**
 * The syntax of a Python expression as far as `ast.literal_eval` accepts it: constants,
 * adjacent strings, `(…)`, `[…]`, `{…}` (dict or set), `set()`, unary and binary `+`/`-`.
 * Names other than `True`/`False`/`None` become malformed nodes rather than syntax errors, so
 * the evaluator can fail on them in Python's order. Anything else is no literal.
 */
import { type NumberToken, notALiteral, type Token } from './python-literal-tokens.js';

// Python's tokenizer refuses brackets nested deeper than this ("too many nested parentheses").
const MAX_NESTING = 200;

/** A Python value as `literal_eval` builds it, before it becomes a JavaScript value. */
export type PyValue =
  | { t: 'int'; v: bigint }
  | { t: 'float'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'str'; v: string }
  | { t: 'bytes'; v: string }
  | { t: 'none' | 'complex' | 'ellipsis' | 'undecodable'; what?: string }
  | { t: 'tuple' | 'list' | 'set'; items: PyValue[] }
  | { t: 'dict'; entries: Array<[PyValue, PyValue]> };

/** The syntax tree of the expression; conversion follows `literal_eval`'s order. */
export type Node =
  | { n: 'const'; value: PyValue }
  | { n: 'tuple' | 'list' | 'set'; items: Node[] }
  | { n: 'dict'; keys: Node[]; values: Node[] }
  | { n: 'unary'; op: string; operand: Node }
  | { n: 'binary'; op: string; left: Node; right: Node }
  | { n: 'malformed' };

/** Parses the tokens of one value; throws {@link notALiteral}'s error on anything `literal_eval` cannot parse. */
export class Parser {
  private at = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseTop(): Node {
    if (this.tokens.length === 0) notALiteral();
    const first = this.parseSum();
    const node = this.isOp(',') ? this.sequence('tuple', first, undefined) : first;
    if (this.at < this.tokens.length) notALiteral();
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private isOp(op: string): boolean {
    const tok = this.peek();
    return tok?.t === 'op' && tok.op === op;
  }

  private expect(op: string): void {
    if (!this.isOp(op)) notALiteral();
    this.at++;
  }

  private parseSum(): Node {
    let left = this.parseFactor();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.tokens[this.at++] as { op: string }).op;
      left = { n: 'binary', op, left, right: this.parseFactor() };
    }
    return left;
  }

  private parseFactor(): Node {
    if (this.isOp('+') || this.isOp('-')) {
      const op = (this.tokens[this.at++] as { op: string }).op;
      // `- - 1` is never a literal (only one sign is); a long run must not exhaust the stack.
      if (++this.depth > MAX_NESTING) notALiteral();
      const operand = this.parseFactor();
      this.depth--;
      return { n: 'unary', op, operand };
    }
    return this.parseAtom();
  }

  private parseAtom(): Node {
    const tok = this.tokens[this.at++];
    if (!tok) notALiteral();
    if (tok.t === 'num') return { n: 'const', value: numberValue(tok) };
    if (tok.t === 'str') return this.strings(tok);
    if (tok.t === 'name') return this.name(tok.name);
    if (tok.op === '...') return { n: 'const', value: { t: 'ellipsis' } };
    const close = { '(': ')', '[': ']', '{': '}' }[tok.op];
    if (!close) notALiteral();
    if (++this.depth > MAX_NESTING) notALiteral();
    const node = tok.op === '(' ? this.parenthesised() : tok.op === '[' ? this.sequence('list', undefined, ']') : this.braces();
    this.depth--;
    return node;
  }

  private strings(first: Token & { t: 'str' }): Node {
    const parts = [first];
    for (let tok = this.peek(); tok?.t === 'str'; tok = this.peek()) {
      parts.push(tok);
      this.at++;
    }
    if (parts.some((p) => p.bytes !== first.bytes)) notALiteral();
    if (parts.some((p) => p.fstring)) return { n: 'malformed' };
    const undecodable = parts.find((p) => p.undecodable !== undefined)?.undecodable;
    if (undecodable !== undefined) return { n: 'const', value: { t: 'undecodable', what: `a \`${undecodable}\` escape` } };
    const v = parts.map((p) => p.text).join('');
    return { n: 'const', value: first.bytes ? { t: 'bytes', v } : { t: 'str', v } };
  }

  private name(name: string): Node {
    if (name === 'True' || name === 'False') return { n: 'const', value: { t: 'bool', v: name === 'True' } };
    if (name === 'None') return { n: 'const', value: { t: 'none' } };
    if (this.isOp('(')) {
      // Only `set()` is a literal call; anything else with arguments is no literal at all.
      this.at++;
      this.expect(')');
      return name === 'set' ? { n: 'set', items: [] } : { n: 'malformed' };
    }
    return { n: 'malformed' };
  }

  private parenthesised(): Node {
    if (this.isOp(')')) {
      this.at++;
      return { n: 'tuple', items: [] };
    }
    const first = this.parseSum();
    if (this.isOp(')')) {
      this.at++;
      return first;
    }
    return this.sequence('tuple', first, ')');
  }

  /** Items separated by commas (a trailing one allowed) up to `close`, or to the end. */
  private sequence(kind: 'tuple' | 'list' | 'set', first: Node | undefined, close: string | undefined): Node {
    const items: Node[] = first ? [first] : [];
    for (;;) {
      if (close && this.isOp(close)) break;
      if (!close && this.at >= this.tokens.length) break;
      if (items.length > 0) {
        this.expect(',');
        if ((close && this.isOp(close)) || (!close && this.at >= this.tokens.length)) break;
      }
      items.push(this.parseSum());
    }
    if (close) this.expect(close);
    return { n: kind, items };
  }

  private braces(): Node {
    if (this.isOp('}')) {
      this.at++;
      return { n: 'dict', keys: [], values: [] };
    }
    const first = this.parseSum();
    if (!this.isOp(':')) return this.sequence('set', first, '}');
    const keys = [first];
    const values: Node[] = [];
    for (;;) {
      this.expect(':');
      values.push(this.parseSum());
      if (this.isOp('}')) break;
      this.expect(',');
      if (this.isOp('}')) break;
      keys.push(this.parseSum());
    }
    this.expect('}');
    return { n: 'dict', keys, values };
  }
}

function numberValue(tok: NumberToken): PyValue {
  if (tok.kind === 'int') return { t: 'int', v: tok.int! };
  if (tok.kind === 'float') return { t: 'float', v: tok.float! };
  return { t: 'complex' };
}
