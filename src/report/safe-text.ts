/**
 * Text from hosts is hostile until shown otherwise: a file's contents, a command's stdout or a
 * certificate field can carry terminal escape sequences that recolour, retitle or rewrite the
 * operator's screen, or bidi controls that reorder what they read. Every reporter that writes
 * text passes it through here, so those characters arrive visibly escaped, never executed.
 */

/**
 * Characters a terminal interprets rather than prints: C0 controls (tab and newline are handled
 * by the caller), DEL, C1 controls (0x9b is a one-byte CSI on many terminals), the line/paragraph
 * separators and the bidi embedding, override and isolate controls.
 */
const INTERPRETED = '\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const ANY_INTERPRETED = new RegExp(`[${INTERPRETED}]`);
const EVERY_INTERPRETED = new RegExp(`[${INTERPRETED}]`, 'g');
/**
 * The same without `\t` and `\n`, for the default (both kept): a pretty-printed JSON report
 * has a newline per value, and calling back for each made writing a 1,000-host report take seconds.
 */
const INTERPRETED_BUT_LAYOUT = INTERPRETED.replace('\\u0000-\\u001f', '\\u0000-\\u0008\\u000b-\\u001f');
const ANY_BUT_LAYOUT = new RegExp(`[${INTERPRETED_BUT_LAYOUT}]`);
const EVERY_BUT_LAYOUT = new RegExp(`[${INTERPRETED_BUT_LAYOUT}]`, 'g');

/** How {@link escapeControls} treats the two harmless layout characters. */
export interface EscapeOptions {
  /** Keep `\n` as a line break (multi-line output such as diffs); else escape it. Default true. */
  keepNewlines?: boolean;
  /** Keep `\t`; else escape it. Default true. */
  keepTabs?: boolean;
}

/**
 * `text` with every terminal-interpreted character replaced by its JSON-style escape
 * (`\u001b`). The JSON form keeps JSON output valid: these characters can only occur inside
 * JSON strings, where `\uXXXX` is the same character to a parser and inert to a terminal.
 */
export function escapeControls(text: string, options: EscapeOptions = {}): string {
  const keepNewlines = options.keepNewlines ?? true;
  const keepTabs = options.keepTabs ?? true;
  if (keepNewlines && keepTabs) return ANY_BUT_LAYOUT.test(text) ? text.replace(EVERY_BUT_LAYOUT, unicodeEscape) : text;
  if (!ANY_INTERPRETED.test(text)) return text;
  return text.replace(EVERY_INTERPRETED, (ch) => ((ch === '\n' && keepNewlines) || (ch === '\t' && keepTabs) ? ch : unicodeEscape(ch)));
}

/** A single-line label (host name, task name, loop label): nothing may start a new line. */
export function escapeLabel(text: string): string {
  return escapeControls(text, { keepNewlines: false });
}

function unicodeEscape(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** What {@link capLines} writes in place of the cut-off part of a line. */
export function cutMarker(hidden: number): string {
  return ` …[${hidden} more characters not shown]`;
}

/**
 * Each line of `text` cut to at most `max` characters plus a marker saying how much was cut.
 * A host that prints megabytes on one line must not make the operator's terminal or CI log
 * unreadable; the full value stays in the JSON report.
 */
export function capLines(text: string, max: number): string {
  if (text.length <= max) return text;
  return text
    .split('\n')
    .map((line) => (line.length <= max ? line : line.slice(0, sliceEnd(line, max)) + cutMarker(line.length - sliceEnd(line, max))))
    .join('\n');
}

/** Never cut a surrogate pair in half (that would print a replacement character). */
function sliceEnd(line: string, max: number): number {
  const code = line.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/** Zero-width code points: combining marks, format characters, variation selectors. */
const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}]/u;

/**
 * East Asian wide and fullwidth ranges (and emoji), which terminals draw two columns wide.
 * The main blocks only: enough to keep banners and table columns lined up.
 */
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

/**
 * How many terminal columns `text` takes, as `wcswidth` counts them (Ansible pads its banners
 * with this width, so a task name in Japanese gets fewer stars, not a ragged edge).
 */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x300) {
      width += code < 0x20 || (code >= 0x7f && code < 0xa0) ? 0 : 1;
    } else if (ZERO_WIDTH.test(ch)) {
    } else {
      width += WIDE_RANGES.some(([lo, hi]) => code >= lo && code <= hi) ? 2 : 1;
    }
  }
  return width;
}

/** `text` cut to at most `max` columns, ending in `…` when it was cut (widths counted once per character). */
export function truncateToWidth(text: string, max: number): string {
  if (textWidth(text) <= max) return text;
  let out = '';
  let width = 0;
  for (const ch of text) {
    const w = textWidth(ch);
    if (width + w > max - 1) break;
    out += ch;
    width += w;
  }
  return `${out}…`;
}
