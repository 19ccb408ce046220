/**
 * The `PLAY RECAP` block in ansible-playbook's exact layout (no colour): a banner padded with
 * stars to 80 columns, then one line per host with the seven counters.
 */
import type { HostStats } from '../events/run-events.js';
import { escapeLabel, textWidth } from './safe-text.js';

/**
 * Ansible's banner: the title, a space, and stars up to column 79 on an 80-column terminal (at
 * least three). Like Ansible, the width is the terminal's minus one but never under 79, and
 * wide characters count two columns.
 */
export function banner(title: string, columns = 80): string {
  const text = title.trim();
  const stars = Math.max(3, Math.max(79, columns - 1) - textWidth(text));
  return `${text} ${'*'.repeat(stars)}`;
}

/** One recap line, byte for byte as Ansible's default callback prints it without colour. */
export function recapLine(host: string, s: HostStats): string {
  const counter = (name: string, n: number) => `${name}=${String(n).padEnd(4)}`;
  // An inventory name may hold a newline: one host, one line, as in the task lines.
  return `${escapeLabel(host).padEnd(26)} : ${[
    counter('ok', s.ok),
    counter('changed', s.changed),
    counter('unreachable', s.unreachable),
    counter('failed', s.failed),
    counter('skipped', s.skipped),
    counter('rescued', s.rescued),
    counter('ignored', s.ignored),
  ].join(' ')}`;
}

/**
 * The whole recap: blank line, banner, a line per host sorted by name (as Ansible sorts them),
 * blank line. Every targeted host is listed, also those never reached after an abort. `columns`
 * is the terminal width the banner follows (see {@link banner}).
 */
export function formatRecap(stats: Record<string, HostStats>, hosts: readonly string[], columns = 80): string {
  const lines = [...hosts]
    .sort()
    .map((h) => recapLine(h, stats[h] ?? { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 }));
  return `\n${banner('PLAY RECAP', columns)}\n${lines.join('\n')}\n\n`;
}
