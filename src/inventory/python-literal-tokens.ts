/**
 * The tokens of a Python expression, as far as `ast.literal_eval` can use them: numbers,
 * string and bytes literals (with their prefixes, escapes and triple quotes), names, brackets,
 * `,` `:` `+` `-` and `...`. Anything else Python's tokenizer would accept (other operators,
 * `.`, `=`) can only make `literal_eval` fail, so the tokenizer gives up there: the caller
 * keeps the text, as Ansible's INI plugin does when `literal_eval` raises.
 */

/** An integer, float or imaginary number literal. */
export interface NumberToken {
  t: 'num';
  kind: 'int' | 'float' | 'complex';
  /** Exact for integers; the nearest double for floats. */
  int?: bigint;
  float?: number;
}

/** One string or bytes literal (adjacent ones are joined by the parser). */
export interface StringToken {
  t: 'str';
  bytes: boolean;
  /** f-strings are `JoinedStr` nodes, which `literal_eval` refuses. */
  fstring: boolean;
  /** The decoded text; for bytes, one character per byte (0-255). */
  text: string;
  /** Set when the literal is valid Python but certbook cannot decode it (`\N{…}`). */
  undecodable?: string;
}

/** A token: a number, a string, a name or one of the punctuation marks literals use. */
export type Token = NumberToken | StringToken | { t: 'name'; name: string } | { t: 'op'; op: string };

/** Thrown when the text is not something `literal_eval` could evaluate; the caller keeps the text. */
export class NotALiteral extends Error {}

// One shared instance: an INI file holds thousands of plain-text values (`10.0.0.1`, `web`), and
// building a stack trace for each was most of the parser's time.
const NOT_A_LITERAL = new NotALiteral('not a Python literal');

/** Gives up on the text: it is no literal (the reasons are Python's SyntaxError or ValueError). */
export function notALiteral(): never {
  throw NOT_A_LITERAL;
}

// Python caps decimal integer literals at 4,300 digits (`sys.int_info.default_max_str_digits`).
const MAX_INT_DIGITS = 4300;

const WHITESPACE = /[ \t\f]/;
const NAME_START = /[\p{L}\p{Nl}_]/u;
const NAME_PART = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]/u;
const STRING_PREFIX = /^(?:[rRuUbBfF]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF])$/;

const DIGITS = String.raw`[0-9](?:_?[0-9])*`;
const EXPONENT = String.raw`[eE][+-]?${DIGITS}`;
const POINT_FLOAT = String.raw`(?:${DIGITS})?\.${DIGITS}|${DIGITS}\.`;
const NUMBER_PATTERNS: Array<[RegExp, 'int' | 'float']> = [
  [/^0[xX](?:_?[0-9a-fA-F])+/, 'int'],
  [/^0[oO](?:_?[0-7])+/, 'int'],
  [/^0[bB](?:_?[01])+/, 'int'],
  [new RegExp(`^(?:(?:${POINT_FLOAT})(?:${EXPONENT})?|${DIGITS}${EXPONENT})`), 'float'],
  // `017j` is an imaginary number although `017` is no integer.
  [new RegExp(`^${DIGITS}(?=[jJ])`), 'float'],
  [/^(?:[1-9](?:_?[0-9])*|0(?:_?0)*)/, 'int'],
];

/** Splits `text` into tokens, or throws {@link NotALiteral}. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (WHITESPACE.test(ch)) {
      i++;
    } else if (ch === '#') {
      break; // a comment runs to the end of the (single) line
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      i = readNumber(text, i, tokens);
    } else if (text.startsWith('...', i)) {
      tokens.push({ t: 'op', op: '...' });
      i += 3;
    } else if ('()[]{},:+-'.includes(ch)) {
      tokens.push({ t: 'op', op: ch });
      i++;
    } else if (ch === '"' || ch === "'") {
      i = readString(text, i, '', tokens);
    } else if (NAME_START.test(ch)) {
      let end = i + 1;
      while (end < text.length && NAME_PART.test(text[end]!)) end++;
      const name = text.slice(i, end);
      if (STRING_PREFIX.test(name) && (text[end] === '"' || text[end] === "'")) i = readString(text, end, name.toLowerCase(), tokens);
      else {
        tokens.push({ t: 'name', name });
        i = end;
      }
    } else {
      notALiteral();
    }
  }
  return tokens;
}

function readNumber(text: string, start: number, tokens: Token[]): number {
  const rest = text.slice(start);
  for (const [pattern, kind] of NUMBER_PATTERNS) {
    const m = pattern.exec(rest);
    if (!m) continue;
    let end = start + m[0].length;
    let imaginary = false;
    if (!/^0[xXoObB]/.test(m[0]) && (text[end] === 'j' || text[end] === 'J')) {
      imaginary = true;
      end++;
    }
    // `1_`, `0777`, `1.__class__`, `0x1g`: Python's tokenizer rejects a number run into a name.
    if (end < text.length && (NAME_PART.test(text[end]!) || text[end] === '.')) notALiteral();
    const literal = m[0].replace(/_/g, '');
    if (imaginary) tokens.push({ t: 'num', kind: 'complex' });
    else if (kind === 'float') tokens.push({ t: 'num', kind: 'float', float: Number(literal) });
    else tokens.push({ t: 'num', kind: 'int', int: toBigInt(literal) });
    return end;
  }
  notALiteral();
}

function toBigInt(literal: string): bigint {
  const value = BigInt(literal);
  if ((value < 0n ? -value : value).toString().length > MAX_INT_DIGITS) notALiteral();
  return value;
}

/** Reads the literal whose opening quote is at `start`; returns the index after it. */
function readString(text: string, start: number, prefix: string, tokens: Token[]): number {
  const quote = text.startsWith(text[start]!.repeat(3), start) ? text[start]!.repeat(3) : text[start]!;
  let i = start + quote.length;
  let body = '';
  for (;;) {
    if (i >= text.length) notALiteral();
    if (text.startsWith(quote, i)) break;
    // A backslash keeps the next character inside the literal, even in raw strings.
    if (text[i] === '\\' && i + 1 < text.length) {
      body += text.slice(i, i + 2);
      i += 2;
    } else {
      body += text[i];
      i++;
    }
  }
  const bytes = prefix.includes('b');
  const raw = prefix.includes('r');
  // eslint-disable-next-line no-control-regex
  if (bytes && /[^\x00-\x7f]/.test(body)) notALiteral();
  const token: StringToken = { t: 'str', bytes, fstring: prefix.includes('f'), text: raw ? body : '' };
  if (!raw) decodeEscapes(body, bytes, token);
  tokens.push(token);
  return i + quote.length;
}

const SIMPLE_ESCAPES: Record<string, string> = {
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

/** Python's escape sequences for str (`\u`, `\U`, `\N` too) or bytes; unknown ones stay as written. */
function decodeEscapes(body: string, bytes: boolean, token: StringToken): void {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[i + 1]!;
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      i++;
    } else if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      const code = parseInt(digits, 8);
      out += String.fromCodePoint(bytes ? code & 0xff : code);
      i += digits.length;
    } else if (next === 'x' || (!bytes && (next === 'u' || next === 'U'))) {
      const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) notALiteral();
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) notALiteral();
      out += String.fromCodePoint(code);
      i += 1 + width;
    } else if (!bytes && next === 'N') {
      const m = /^\{([^}]*)\}/.exec(body.slice(i + 2));
      if (!m) notALiteral();
      // Node has no Unicode name table; the literal is valid but certbook cannot decode it.
      token.undecodable = `\\N{${m[1]}}`;
      i += 1 + m[0].length;
    } else {
      out += `\\${next}`;
      i++;
    }
  }
  token.text = out;
}
