/**
 * Jinja's `trim_blocks` and `lstrip_blocks` for the `template` step, as a rewrite of the
 * template's source: the sandboxed engine always trims (Ansible's default) and never lstrips, so
 * `trim_blocks: false` keeps the newline after a block tag by putting an empty `{{ '' }}` between
 * them (no line moves), and `lstrip_blocks: true` removes the spaces and tabs before a block or
 * comment tag that starts its line. `{% raw %}` contents are left as they are.
 */
import { scanTags } from '../../template/scan-tags.js';

/** Jinja's two whitespace switches. */
export interface WhitespaceOptions {
  trimBlocks: boolean;
  lstripBlocks: boolean;
}

/** `text` rewritten so the engine's fixed behaviour gives what `options` ask for. */
export function applyWhitespaceOptions(text: string, options: WhitespaceOptions): string {
  if (options.trimBlocks && !options.lstripBlocks) return text;
  const trailing = text.length - text.replace(/\n+$/, '').length;
  let out = '';
  let at = 0;
  for (const span of scanTags(text)) {
    if (span.kind === 'expression') continue;
    let before = text.slice(at, span.start);
    // A tag that opens with `{%-`/`{#-` strips the whitespace before it anyway.
    // Only at the start of a line: after a newline, or at the very start of the text.
    if (options.lstripBlocks && !/^\{[%#]-/.test(text.slice(span.start)))
      before = before.replace(at === 0 ? /(^|\n)[ \t]+$/ : /(\n)[ \t]+$/, '$1');
    const end = span.end ?? text.length;
    out += before + text.slice(span.start, end);
    at = end;
    // The newline that trimming would eat; the trailing ones Ansible keeps anyway (statements.ts).
    const eaten = text[end] === '\n' && end < text.length - trailing;
    if (!options.trimBlocks && eaten && !/-[%#]\}$/.test(text.slice(span.start, end))) out += "{{ '' }}";
  }
  return out + text.slice(at);
}
