/**
 * Values written the way Python writes them, one home for every place certbook must print
 * what Ansible prints: `json.dumps(value, sort_keys=True, ensure_ascii=False, indent=…)` (the
 * callbacks' results and `ansible-inventory --list`), `str()` and `repr()` (loop labels,
 * `--graph --vars`).
 *
 * Numbers follow src/python/py-number.ts: a {@link PyFloat} is a whole float (`1.0`), a bigint
 * an int beyond 2^53, written with every digit.
 */

import { floatRepr, intRepr, PyFloat } from './py-number.js';
import { jsonString, reprString } from './python-quote.js';
import { compareCodePoints } from './python-text.js';
import { UnsafeText } from './unsafe-text.js';

/** How `!unsafe` text is written: as its text (callbacks) or as Ansible's inventory marker. */
export interface PythonJsonOptions {
  unsafe?: 'plain' | 'marked';
}

/**
 * `json.dumps(value, sort_keys=True, ensure_ascii=False, indent=indent)`: one line with
 * `", "`/`": "` separators without an indent, one item per line with it. Keys are sorted by
 * code point, as Python sorts strings.
 */
export function pythonJson(value: unknown, indent?: number, options: PythonJsonOptions = {}): string {
  return dump(value, indent, 0, options.unsafe === 'marked', false);
}

/** Like {@link pythonJson} with `ensure_ascii=True`: every non-ASCII character as `\uXXXX` (Ansible's diff serialiser). */
export function pythonJsonAscii(value: unknown, indent?: number): string {
  return dump(value, indent, 0, false, true);
}

function dump(value: unknown, indent: number | undefined, depth: number, markUnsafe: boolean, ascii: boolean): string {
  if (value === null || value === undefined) return 'null';
  // Ansible's JSON encoder with preprocess_unsafe=True (ansible-inventory) marks `!unsafe` text.
  if (value instanceof UnsafeText)
    return markUnsafe ? dump({ __ansible_unsafe: value.text }, indent, depth, markUnsafe, ascii) : jsonString(value.text, ascii);
  if (typeof value === 'string') return jsonString(value, ascii);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return pythonFloat(value, 'json');
  if (value instanceof PyFloat) return pythonFloat(value.value, 'json', true);
  if (typeof value === 'bigint') return value.toString();
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return dump((value as { toJSON(): unknown }).toJSON(), indent, depth, markUnsafe, ascii);
  const record = value as Record<string, unknown>;
  const [open, close, parts] = Array.isArray(value)
    ? ['[', ']', value.map((v) => dump(v, indent, depth + 1, markUnsafe, ascii))]
    : [
        '{',
        '}',
        Object.keys(record)
          .sort(compareCodePoints)
          .map((k) => `${jsonString(k, ascii)}: ${dump(record[k], indent, depth + 1, markUnsafe, ascii)}`),
      ];
  if (parts.length === 0) return open + close;
  if (indent === undefined) return open + parts.join(', ') + close;
  const inner = ' '.repeat(indent * (depth + 1));
  const outer = ' '.repeat(indent * depth);
  return `${open}\n${inner}${parts.join(`,\n${inner}`)}\n${outer}${close}`;
}

/**
 * Python's `repr()` of a number: an int (a whole JavaScript number) with every digit, a float
 * (`isFloat`, or not whole) as Python writes it; JSON spells the non-finite floats its own way.
 */
function pythonFloat(n: number, mode: 'json' | 'repr', isFloat = false): string {
  if (mode === 'json' && !Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(n) && !isFloat) return intRepr(n);
  return floatRepr(n);
}

/** Python's `str(value)`: text as is, containers as their repr (`(item={'name': 'a'})`). */
export function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof UnsafeText) return value.text;
  return pythonRepr(value);
}

/** Python's `repr(value)` for YAML-shaped values: keys in insertion order, `True`/`None`. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value instanceof UnsafeText) return reprString(value.text);
  if (typeof value === 'string') return reprString(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pythonFloat(value, 'repr');
  if (value instanceof PyFloat) return pythonFloat(value.value, 'repr', true);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${reprString(k)}: ${pythonRepr(v)}`)
      .join(', ')}}`;
  }
  return reprString(String(value));
}
