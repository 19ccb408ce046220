/**
 * JSON written the way Ansible's callbacks write it (Python's `json.dumps` with `sort_keys`,
 * `", "`/`": "` separators, non-ASCII kept), so certbook's plain output reads like Ansible's
 * and scripts that scrape it keep working.
 */

/** Serialises `value` like `json.dumps(value, sort_keys=True, ensure_ascii=False, indent=indent)`. */
export function pythonJson(value: unknown, indent?: number): string {
  return dump(value, indent, 0);
}

function dump(value: unknown, indent: number | undefined, depth: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return dump((value as { toJSON(): unknown }).toJSON(), indent, depth);
  const [open, close, parts] = Array.isArray(value)
    ? ['[', ']', value.map((v) => dump(v, indent, depth + 1))]
    : ['{', '}', Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}: ${dump((value as Record<string, unknown>)[k], indent, depth + 1)}`)];
  if (parts.length === 0) return open + close;
  if (indent === undefined) return open + parts.join(', ') + close;
  const inner = ' '.repeat(indent * (depth + 1));
  const outer = ' '.repeat(indent * depth);
  return `${open}\n${inner}${parts.join(`,\n${inner}`)}\n${outer}${close}`;
}

function pythonNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return String(n);
}

/** Like {@link pythonJson} with `ensure_ascii=True`: every non-ASCII character as `\uXXXX` (Ansible's diff serialiser). */
export function pythonJsonAscii(value: unknown, indent?: number): string {
  // Non-ASCII can only occur inside JSON strings, where the escape means the same character.
  return pythonJson(value, indent).replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * What Python's `str()` prints for a value, as Ansible shows loop labels (`(item={'name': 'a',
 * 'n': 1, 't': True, 'z': None})`): strings bare at the top, `repr` inside containers, keys in
 * insertion order, `True`/`False`/`None`.
 */
export function pythonStr(value: unknown): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

/** Python's `repr()` of a plain value. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return stringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${stringRepr(k)}: ${pythonRepr(v)}`).join(', ')}}`;
  }
  return stringRepr(String(value));
}

/** Python's `str.isprintable()` is false for these (the space excepted). */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python's string repr: single quotes unless the text has `'` and no `"`; escapes as Python writes them. */
function stringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && NOT_PRINTABLE.test(ch)) out += pythonEscape(ch.codePointAt(0)!);
    else out += ch;
  }
  return out + quote;
}

function pythonEscape(code: number): string {
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}
