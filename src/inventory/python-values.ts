/**
 * Values written the way Python writes them, which is what `ansible-inventory` prints:
 * `json.dumps(value, sort_keys=True, indent=4, ensure_ascii=False)` for `--list`/`--host`,
 * and `str(value)` (with `repr` inside containers) for `--graph --vars`.
 *
 * `!unsafe` text is written as `{"__ansible_unsafe": "…"}` in JSON, as Ansible's encoder does.
 * One gap is unavoidable: YAML `1.0` is a float in Python (`1.0`) but the number 1 in
 * JavaScript, so it prints as `1`.
 */
import { UnsafeText } from '../template/unsafe.js';
import { compareCodePoints } from './python-text.js';

/** `json.dumps(value, sort_keys=True, indent=indent, ensure_ascii=False)`. */
export function pythonJsonDumps(value: unknown, indent: number): string {
  return dump(value, indent, 0);
}

function dump(value: unknown, indent: number, depth: number): string {
  if (value === null || value === undefined) return 'null';
  // Ansible's JSON encoder (preprocess_unsafe=True) marks `!unsafe` text this way.
  if (value instanceof UnsafeText) return dump({ __ansible_unsafe: value.text }, indent, depth);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return pythonFloat(value, 'json');
  if (typeof value === 'bigint') return value.toString();
  const inner = ' '.repeat(indent * (depth + 1));
  const outer = ' '.repeat(indent * depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${inner}${value.map((v) => dump(v, indent, depth + 1)).join(`,\n${inner}`)}\n${outer}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort(compareCodePoints);
  if (keys.length === 0) return '{}';
  const parts = keys.map((k) => `${JSON.stringify(k)}: ${dump(record[k], indent, depth + 1)}`);
  return `{\n${inner}${parts.join(`,\n${inner}`)}\n${outer}}`;
}

/** Python's `repr(float)` (or `int` for whole numbers, which JavaScript cannot tell apart). */
function pythonFloat(n: number, mode: 'json' | 'repr'): string {
  if (Number.isNaN(n)) return mode === 'json' ? 'NaN' : 'nan';
  if (!Number.isFinite(n)) return mode === 'json' ? (n > 0 ? 'Infinity' : '-Infinity') : n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n)) return Object.is(n, -0) ? '-0.0' : String(n);
  // Python switches to exponent notation below 1e-4; JavaScript only below 1e-6.
  const [mantissa, exp] = n.toExponential().split('e') as [string, string];
  const e = Number(exp);
  if (e >= -4) return String(n);
  return `${mantissa}e-${String(-e).padStart(2, '0')}`;
}

/** Python's `str(value)` for YAML-shaped values: text as is, containers as their repr. */
export function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof UnsafeText) return value.text;
  return pythonRepr(value);
}

/** Python's `repr(value)` for YAML-shaped values. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value instanceof UnsafeText) return reprString(value.text);
  if (typeof value === 'string') return reprString(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pythonFloat(value, 'repr');
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record).map((k) => `${reprString(k)}: ${pythonRepr(record[k])}`).join(', ')}}`;
}

// Characters `str.isprintable()` rejects: controls, format, surrogates, private use,
// unassigned, and separators other than the plain space.
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u;

/** Python's `repr(str)`: single quotes unless the text has one and no double quote. */
function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (NON_PRINTABLE.test(ch)) out += escapeCodePoint(ch.codePointAt(0)!);
    else out += ch;
  }
  return out + quote;
}

function escapeCodePoint(cp: number): string {
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}
