/**
 * Host data into HTML as text, never as markup: every string that came from a host, an
 * inventory or a report (subjects, paths, messages, host names) goes through here. Markup
 * characters become entities, and invisible controls (C0/C1, bidi overrides and isolates,
 * zero-width marks) are shown as `⟨U+202E⟩` so a hostile subject can neither inject nor
 * reorder what the reader sees.
 */

// Controls that are invisible or reorder text: C0 (but tab), DEL, C1, bidi marks/overrides/isolates, zero-width.
const INVISIBLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

function visible(ch: string): string {
  return `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const MARKUP = /[&<>"']/g;
// Most values (dates, numbers, plain names) need nothing: one test skips both passes.
const NEEDS_WORK = /[&<>"'\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(value: unknown): string {
  const text = String(value ?? '');
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(INVISIBLE, visible).replace(MARKUP, (ch) => ENTITIES[ch]!);
}
