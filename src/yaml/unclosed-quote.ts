/**
 * Where an unclosed quoted string opens. The yaml library reports a missing closing quote
 * where it gave up (often the end of the file, since a quoted string may span lines), which
 * sends the author looking in the wrong place; PyYAML says "while scanning a quoted scalar"
 * and points at the opening quote. This finds that quote.
 */
import { type Document, isScalar, visit } from 'yaml';

/** A quoted string that was never closed: where it opens and which quote it uses. */
export interface UnclosedQuote {
  /** Offset of the opening quote. */
  offset: number;
  quote: '"' | "'";
}

const MISSING_QUOTE = /^Missing closing (["'])quote/;

/**
 * The quoted scalar a `MISSING_CHAR` error at `errorOffset` is about, or undefined when the
 * error is not about a quote or no quoted scalar ends there.
 */
export function unclosedQuoteAt(doc: Document.Parsed, message: string, errorOffset: number): UnclosedQuote | undefined {
  const quote = MISSING_QUOTE.exec(message)?.[1] as '"' | "'" | undefined;
  if (!quote) return undefined;
  const type = quote === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
  let found: number | undefined;
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || node.type !== type || !node.range) return;
      const [start, end] = node.range;
      // The composer reports the error at the scalar's end; take the last scalar ending there.
      if (start <= errorOffset && end >= errorOffset - 1 && end <= errorOffset + 1) found = start;
    },
  });
  return found === undefined ? undefined : { offset: found, quote };
}

/** The hint for an unclosed quote: what closes it, and how to put the quote itself inside. */
export function unclosedQuoteHint(quote: '"' | "'"): string {
  const escaped = quote === '"' ? '\\"' : "''";
  return (
    `the ${quote} opening this value is not closed on its line, so the string runs on into the lines below; ` +
    `close it at the end of the value, or write a ${quote} inside it as ${escaped}`
  );
}
