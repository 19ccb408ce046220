/**
 * `template`'s `output_encoding`: the rendered text encoded as Python would encode it, for the
 * codecs people write templates in. A character the codec cannot hold fails as Python's
 * `UnicodeEncodeError` does, rather than being written as something else.
 */

/** The spellings accepted (Python's names and common aliases, lower case). */
export const OUTPUT_ENCODINGS = [
  'utf-8',
  'utf8',
  'utf_8',
  'utf-16',
  'utf_16',
  'utf-16-le',
  'utf_16_le',
  'utf-16-be',
  'utf_16_be',
  'latin-1',
  'latin1',
  'latin_1',
  'iso-8859-1',
  'iso8859-1',
  'ascii',
  'us-ascii',
] as const;

/** One of {@link OUTPUT_ENCODINGS}. */
export type OutputEncoding = (typeof OUTPUT_ENCODINGS)[number];

/** `text` in `encoding`, or Python's message for the first character it cannot encode. */
export function encodeOutput(text: string, encoding: OutputEncoding): Buffer | string {
  const codec = encoding.replace(/_/g, '-');
  if (codec === 'utf-8' || codec === 'utf8') return Buffer.from(text, 'utf8');
  if (codec.startsWith('utf-16')) {
    const le = Buffer.from(text, 'utf16le');
    if (codec === 'utf-16-le') return le;
    const be = Buffer.from(le).swap16();
    // Python's plain utf-16 writes a byte order mark, then the machine's order (little-endian here).
    return codec === 'utf-16-be' ? be : Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  }
  const ascii = codec === 'ascii' || codec === 'us-ascii';
  const limit = ascii ? 0x7f : 0xff;
  const chars = [...text];
  const bad = chars.findIndex((c) => c.codePointAt(0)! > limit);
  if (bad >= 0) {
    const code = chars[bad]!.codePointAt(0)!;
    const escaped =
      code > 0xffff
        ? `\\U${code.toString(16).padStart(8, '0')}`
        : code > 0xff
          ? `\\u${code.toString(16).padStart(4, '0')}`
          : `\\x${code.toString(16).padStart(2, '0')}`;
    return `'${ascii ? 'ascii' : 'latin-1'}' codec can't encode character '${escaped}' in position ${bad}: ordinal not in range(${limit + 1})`;
  }
  return Buffer.from(text, 'latin1');
}
