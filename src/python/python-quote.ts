/**
 * How Python quotes text, the one home for every `repr()` and `json.dumps()` certbook writes
 * (the template engine's `repr`/`to_json`, the callbacks' JSON, `ansible-inventory`'s output).
 * Two copies disagreed before (issue #19); `test/python/python-quote.test.ts` holds this one to
 * python3's own output.
 */

// Characters `str.isprintable()` rejects: controls, format, surrogates, private use,
// unassigned, and separators other than the plain space.
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u;

/** Python's `repr(str)`: single quotes unless the text has one and no double quote; non-printables escaped. */
export function reprString(text: string): string {
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

/**
 * A JSON string as `json.dumps` writes it. With `ensureAscii` (Python's default) everything
 * outside printable ASCII is `\uXXXX` (DEL included; astral characters as two surrogate escapes);
 * without it only the control characters, `"` and `\` are escaped, as JSON.stringify does.
 */
export function jsonString(text: string, ensureAscii: boolean): string {
  const json = JSON.stringify(text);
  // Outside the quotes' content nothing is non-ASCII, and JSON.stringify's own escapes are ASCII.
  return ensureAscii ? json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}
