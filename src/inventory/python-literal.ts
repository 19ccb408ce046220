/**
 * Python's `ast.literal_eval` (3.11) on one INI value, as ansible-core's INI plugin uses it in
 * `_parse_value`: numbers (`0x1F`, `1_000`, `1e3`, `-5`), `True`/`False`/`None`, quoted strings
 * with escapes and adjacent-literal joining, lists, tuples and dicts; a value that is not a
 * literal (`hello`, `017`, `a,b`) stays the text it was.
 *
 * Values come out as JavaScript values (tuples as lists, as `ansible-inventory --list` shows
 * them). A few literals are valid Python that certbook cannot hold (a set, a complex number,
 * `...`, bytes inside a list, a `\N{…}` escape): they are reported rather than guessed at.
 * Ansible itself cannot print them either.
 */

import { pyFloat, pyInt } from '../python/py-number.js';
import { setOwn } from './merge-vars.js';
import { type Node, Parser, type PyValue } from './python-literal-parser.js';
import { NotALiteral, tokenize } from './python-literal-tokens.js';

/** What a value turned into. */
export type LiteralResult =
  | { kind: 'value'; value: unknown }
  /** `literal_eval` raised ValueError or SyntaxError: Ansible keeps the text. */
  | { kind: 'text' }
  /** A valid literal certbook cannot represent; `what` names it for the message. */
  | { kind: 'unsupported'; what: string }
  /** `literal_eval` raised something else (an unhashable key): Ansible fails the whole file. */
  | { kind: 'error'; message: string };

/** `literal_eval`'s ValueError: a well-formed expression that is no literal (`x`, `1 + 2`). */
class Malformed extends Error {}
// Shared, like NotALiteral's: a name such as `web` is the common case and needs no stack trace.
const MALFORMED = new Malformed('malformed node or string');
/** `literal_eval`'s TypeError, which Ansible does not catch. */
class Unhashable extends Error {}

/** `ast.literal_eval(text)` the way Ansible's INI plugin uses it. */
export function literalEval(text: string): LiteralResult {
  let value: PyValue;
  try {
    const tokens = tokenize(text.replace(/^[ \t]+/, ''));
    value = convert(new Parser(tokens).parseTop());
  } catch (error) {
    if (error instanceof NotALiteral || error instanceof Malformed) return { kind: 'text' };
    if (error instanceof Unhashable) return { kind: 'error', message: error.message };
    throw error;
  }
  return toJs(value, true);
}

/** `literal_eval`'s `_convert`: in its order, so an unhashable key fails before a later bad value. */
function convert(node: Node): PyValue {
  switch (node.n) {
    case 'const':
      return node.value;
    case 'tuple':
    case 'list':
      return { t: node.n, items: node.items.map(convert) };
    case 'set': {
      const items: PyValue[] = [];
      for (const item of node.items) {
        const value = convert(item);
        hashKey(value);
        items.push(value);
      }
      return { t: 'set', items };
    }
    case 'dict': {
      const entries: Array<[PyValue, PyValue]> = [];
      const index = new Map<string, number>();
      node.keys.forEach((keyNode, i) => {
        const key = convert(keyNode);
        const value = convert(node.values[i]!);
        const id = hashKey(key);
        // Python keeps the first key object and the last value (`{1: 'a', 1.0: 'b'}` is `{1: 'b'}`).
        const seen = index.get(id);
        if (seen === undefined) {
          index.set(id, entries.length);
          entries.push([key, value]);
        } else entries[seen]![1] = value;
      });
      return { t: 'dict', entries };
    }
    case 'binary': {
      // Only `real ± imaginary` is a literal.
      const left = signedNumber(node.left);
      const right = plainNumber(node.right);
      if ((left.t === 'int' || left.t === 'float') && right.t === 'complex') return { t: 'complex' };
      throw MALFORMED;
    }
    default:
      return signedNumber(node);
  }
}

function plainNumber(node: Node): PyValue {
  if (node.n !== 'const' || !['int', 'float', 'complex'].includes(node.value.t)) throw MALFORMED;
  return node.value;
}

function signedNumber(node: Node): PyValue {
  if (node.n !== 'unary') return plainNumber(node);
  const value = plainNumber(node.operand);
  if (node.op === '+') return value;
  if (value.t === 'int') return { t: 'int', v: -value.v };
  if (value.t === 'float') return { t: 'float', v: -value.v };
  return value;
}

/** Python's hash identity (`1 == 1.0 == True`); throws Unhashable as Python's TypeError. */
function hashKey(value: PyValue): string {
  switch (value.t) {
    case 'int':
      return `n${value.v}`;
    case 'bool':
      return value.v ? 'n1' : 'n0';
    case 'float':
      return Number.isInteger(value.v) ? `n${BigInt(value.v)}` : `f${value.v}`;
    case 'str':
      return `s${value.v}`;
    case 'bytes':
      return `b${value.v}`;
    case 'tuple':
      return `t(${value.items.map(hashKey).join(',')})`;
    case 'list':
    case 'set':
    case 'dict':
      throw new Unhashable(`unhashable type: '${value.t}'`);
    case 'none':
    case 'ellipsis':
      return value.t;
    default:
      // Complex numbers are equal only by value, which certbook does not keep; they are refused anyway.
      return `${value.t}:${++uniqueKeys}`;
  }
}

let uniqueKeys = 0;

function toJs(value: PyValue, top: boolean): LiteralResult {
  try {
    return { kind: 'value', value: jsValue(value, top) };
  } catch (error) {
    if (error instanceof Unsupported) return { kind: 'unsupported', what: error.message };
    throw error;
  }
}

class Unsupported extends Error {}

function jsValue(value: PyValue, top: boolean): unknown {
  switch (value.t) {
    case 'int':
      return pyInt(value.v); // every digit, as Python keeps them
    case 'float':
      return pyFloat(value.v); // `1.0` stays a float
    case 'bool':
      return value.v;
    case 'str':
      return value.v;
    case 'none':
      return null;
    case 'bytes':
      // Ansible turns a top-level bytes value into text; inside a list it stays bytes, which nothing can print.
      if (top) return decodeBytes(value.v);
      throw new Unsupported('bytes inside a list or dict');
    case 'tuple':
    case 'list':
      return Object.freeze(value.items.map((item) => jsValue(item, false)));
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (const [key, item] of value.entries) {
        const name = jsonKey(key);
        if (Object.hasOwn(out, name)) throw new Unsupported(`two dict keys that both print as "${name}"`);
        setOwn(out, name, jsValue(item, false));
      }
      return Object.freeze(out);
    }
    case 'set':
      return unsupported('a set');
    case 'complex':
      return unsupported('a complex number');
    case 'ellipsis':
      return unsupported('`...` (Ellipsis)');
    default:
      return unsupported(value.what ?? value.t);
  }
}

function unsupported(what: string): never {
  throw new Unsupported(what);
}

function decodeBytes(latin1: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(latin1, (c) => c.charCodeAt(0)));
  } catch {
    throw new Unsupported('bytes that are not UTF-8');
  }
}

/** The name `json.dumps` gives a dict key: `1` → "1", `True` → "true", `None` → "null", `1.0` → "1.0". */
function jsonKey(key: PyValue): string {
  switch (key.t) {
    case 'str':
      return key.v;
    case 'int':
      return key.v.toString();
    case 'bool':
      return key.v ? 'true' : 'false';
    case 'none':
      return 'null';
    case 'float':
      return floatRepr(key.v);
    default:
      throw new Unsupported(`a dict key that is ${key.t === 'tuple' ? 'a tuple' : key.t === 'bytes' ? 'bytes' : `a ${key.t}`}`);
  }
}

/** Python's `repr(float)` (as json writes float keys): `1.0`, `1e+16`, `1e-05`, `Infinity`. */
function floatRepr(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  const [mantissa, exp] = n.toExponential().split('e') as [string, string];
  const e = Number(exp);
  if (e < -4 || e >= 16) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  const fixed = Object.is(n, -0) ? '-0' : String(n);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}
