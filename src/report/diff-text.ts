/**
 * `--diff` output exactly as Ansible's callback base (`_get_diff`) writes it: a unified diff per
 * before/after pair with `before: <header>`/`after: <header>` file names, Python's "\ No newline
 * at end of file" marker, a blank line after each diff, and the binary/size notes.
 */
import { pythonJsonAscii } from '../python/python-values.js';
import { splitLinesKeepEnds, unifiedDiff } from './python-difflib.js';

/** Lines of context around each change (Ansible's `DIFF_CONTEXT`). */
const CONTEXT = 3;

/**
 * Above this many lines on either side no diff is computed: a diff of a huge file helps nobody
 * on a terminal, and the line matcher is quadratic in the worst case.
 */
export const MAX_DIFF_LINES = 20_000;

/** Renders a result's `diff` (one pair or a list, step- or Ansible-shaped) as Ansible prints it; '' when nothing differs. */
export function formatDiff(diff: unknown): string {
  const list = Array.isArray(diff) ? diff : [diff];
  return list.map((d) => (d && typeof d === 'object' ? formatOne(d as Record<string, unknown>) : '')).join('');
}

function formatOne(d: Record<string, unknown>): string {
  const out: string[] = [];
  if ('dst_binary' in d) out.push('diff skipped: destination file appears to be binary\n');
  if ('src_binary' in d) out.push('diff skipped: source file appears to be binary\n');
  if ('dst_larger' in d) out.push(`diff skipped: destination file size is greater than ${String(d.dst_larger)}\n`);
  if ('src_larger' in d) out.push(`diff skipped: source file size is greater than ${String(d.src_larger)}\n`);
  if ('before' in d && 'after' in d) out.push(pairText(d));
  if (typeof d.prepared === 'string') out.push(d.prepared);
  return out.join('');
}

function pairText(d: Record<string, unknown>): string {
  const beforeHeader = d.before_header ?? d.beforeHeader;
  const afterHeader = d.after_header ?? d.afterHeader;
  const before = withEndMarker(splitLinesKeepEnds(side(d.before)));
  const after = withEndMarker(splitLinesKeepEnds(side(d.after)));
  if (before.length > MAX_DIFF_LINES || after.length > MAX_DIFF_LINES) {
    return `diff skipped: more than ${MAX_DIFF_LINES} lines on one side\n`;
  }
  const lines = unifiedDiff(
    before,
    after,
    beforeHeader === undefined ? 'before' : `before: ${String(beforeHeader)}`,
    afterHeader === undefined ? 'after' : `after: ${String(afterHeader)}`,
    CONTEXT,
  );
  return lines.length > 0 ? `${lines.join('')}\n` : '';
}

/** Mappings are compared as their pretty JSON (Ansible's `_serialize_diff`); null as empty. */
function side(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && !Array.isArray(value)) return `${pythonJsonAscii(value, 4)}\n`;
  return String(value);
}

function withEndMarker(lines: string[]): string[] {
  const last = lines[lines.length - 1];
  if (last !== undefined && !last.endsWith('\n')) lines[lines.length - 1] = `${last}\n\\ No newline at end of file\n`;
  return lines;
}
