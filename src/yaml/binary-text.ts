/**
 * `!!binary` values as Ansible shows them. PyYAML reads them as `bytes`; Ansible turns bytes
 * into text wherever it shows or templates them (`to_text`, UTF-8, an undecodable byte shown
 * as `?`). certbook has no bytes type in its variables, so the text is the value: a play var
 * `!!binary aGVsbG8=` is `hello` in `debug`, `-e`, and `certbook inventory --list` (where
 * ansible-inventory 2.14 itself crashes: "Object of type bytes is not JSON serializable").
 */
import type { ScalarTag } from 'yaml';

const BINARY_TAG = 'tag:yaml.org,2002:binary';

/** Reads `!!binary` base64 as text; bad base64 is a YAML error at the value, as in PyYAML. */
export const binaryAsText: ScalarTag = {
  // Never claims a value when certbook writes YAML: the text is written as a string.
  identify: () => false,
  tag: BINARY_TAG,
  resolve(source, onError) {
    const base64 = source.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) {
      onError('a !!binary value must be base64 (A-Z, a-z, 0-9, +, / and = padding)');
      return source;
    }
    return decodeLikeAnsible(Buffer.from(base64, 'base64'));
  },
};

/** UTF-8 text of `bytes`, each byte that is not part of valid UTF-8 shown as `?`. */
export function decodeLikeAnsible(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      out += '?';
      i++;
      continue;
    }
    try {
      out += decoder.decode(bytes.subarray(i, i + length));
    } catch {
      // Overlong forms and surrogates pass the shape check but are not UTF-8.
      out += '?'.repeat(length);
    }
    i += length;
  }
  return out;
}

/** The length of the well-formed UTF-8 sequence starting at `i`, or 0. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > bytes.length) return 0;
  for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return 0;
  return length;
}
