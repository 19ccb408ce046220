/**
 * Where a byte sequence stops being UTF-8, so a file with a stray Latin-1 byte is reported at
 * its line and column rather than as "somewhere in this file".
 */

/** The 1-based line and column (in characters) of the first byte that is not valid UTF-8, if any. */
export function firstInvalidUtf8(bytes: Uint8Array): { line: number; col: number } | undefined {
  let line = 1;
  let col = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return { line, col };
    for (let k = 1; k < length; k++) {
      if ((bytes[i + k]! & 0xc0) !== 0x80) return { line, col };
    }
    if (b === 0x0a) {
      line++;
      col = 1;
    } else col++;
    i += length;
  }
  return undefined;
}
