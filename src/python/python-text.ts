/**
 * The two bits of Python text semantics Ansible's output and parsing depend on: how Python
 * orders strings (by code point, where JavaScript compares UTF-16 units) and what `int()`
 * accepts.
 */

/** Compares two strings as Python does (code point by code point). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Only when a surrogate meets a high BMP character do the two orders disagree.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** Sorts strings in place by code point and returns the array. */
export function sortCodePoints(names: string[]): string[] {
  return names.sort(compareCodePoints);
}

const PY_INT = /^\s*([+-]?)(\d+(?:_\d+)*)\s*$/;

/** Python's `int(text)` for decimal text (spaces, a sign and `_` separators allowed), or undefined. */
export function parsePythonInt(text: string): number | undefined {
  const m = PY_INT.exec(text);
  if (!m) return undefined;
  const value = Number(m[2]!.replace(/_/g, ''));
  return m[1] === '-' ? -value : value;
}
