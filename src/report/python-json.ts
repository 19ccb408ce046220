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
