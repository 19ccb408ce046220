/**
 * The `CLEANUP AFTER THE INTERRUPT` block the plain and tty reporters print before the recap of
 * an interrupted run: per host, whether the `always:` sections in progress ran, what they
 * released, and what the run leaves behind (src/runner/interrupt-cleanup.ts).
 */
import type { CleanupHost, CleanupSummary } from '../events/run-events.js';
import { banner } from './recap.js';
import { escapeLabel } from './safe-text.js';

const ENDED: Record<CleanupSummary['ended'], string> = {
  done: 'done',
  deadline: 'stopped at its deadline',
  skipped: 'skipped by a further interrupt',
  disabled: 'disabled (CERTBOOK_CLEANUP_TIMEOUT=0)',
};

/** The block, or '' when there is nothing to say (no host in a cleanup and nothing held). */
export function formatCleanup(summary: CleanupSummary, columns = 80): string {
  const hosts = Object.entries(summary.hosts);
  if (hosts.length === 0) return '';
  const seconds = (summary.durationMs / 1000).toFixed(1);
  const title = `CLEANUP AFTER THE INTERRUPT (${ENDED[summary.ended]}, ${seconds} s)`;
  const lines = hosts.map(([name, host]) => hostLines(name, host));
  return `\n${banner(title, columns)}\n${lines.join('\n')}\n`;
}

function hostLines(name: string, host: CleanupHost): string {
  const parts = [statusText(host)];
  if (host.released.length) parts.push(`released: ${host.released.map(escapeLabel).join(', ')}`);
  if (host.held.length) parts.push(`STILL HELD: ${host.held.map(escapeLabel).join(', ')}`);
  const first = `${escapeLabel(name).padEnd(26)} : ${parts.join('; ')}`;
  return [first, ...host.problems.map((p) => `    ${escapeLabel(p)}`)].join('\n');
}

function statusText(host: CleanupHost): string {
  switch (host.status) {
    case 'cleaned':
      return `cleaned up (${host.tasks} task${host.tasks === 1 ? '' : 's'})`;
    case 'incomplete':
      return 'CLEANUP INCOMPLETE';
    case 'unreachable':
      return 'UNREACHABLE, not cleaned up';
    case 'none':
      return 'in no block with an always: section';
  }
}
