/**
 * One cluster's expiry timeline as an SVG string: time on the x axis (a d3 UTC scale, its
 * ticks and their labels), today and the judging moment (`-e at`) marked, the warning window
 * after the judging moment shaded, and the certificates grouped by node, coloured by status.
 * Up to {@link BARS_UP_TO} rows, each certificate is a bar from not-before to not-after; a larger
 * cluster gets one line per node with a mark at each certificate's not-after, so the picture of
 * 1,000 nodes stays small and fast to draw.
 */
import { scaleUtc } from 'd3-scale';
import { escapeHtml } from './escape-html.js';
import { type CertificateRow, type CertificateStatus, type ClusterView, groupBy } from './fleet-view.js';

/** Colour per status (shared with the page's legend and table). */
export const STATUS_COLOURS: Record<CertificateStatus, string> = {
  EXPIRED: '#c62828',
  'NOT YET VALID': '#6a1b9a',
  WARNING: '#f29900',
  UNREADABLE: '#616161',
  OK: '#2e7d32',
};

/** Rows drawn one bar each; above this, one line per node. */
export const BARS_UP_TO = 300;

const DAY_MS = 86_400_000;
const LABEL_W = 300;
const PLOT_W = 620;
const ROW_H = 14;
const AXIS_H = 28;

/** What the timeline needs beyond the cluster. */
export interface TimelineOptions {
  today: Date;
  judgedAt: Date;
  /** Days after the judging moment that count as the warning window (shaded). */
  windowDays: number;
}

/** A short name for a row: the file name, or the source for the served certificate and the Secret. */
export function shortName(row: CertificateRow): string {
  if (row.source === 'served') return `served ${row.path}`;
  if (row.source === 'secret') return 'Secret k3s-serving';
  const parts = row.path.split('/');
  const tls = parts.lastIndexOf('tls');
  return tls >= 0 && tls < parts.length - 1 ? parts.slice(tls + 1).join('/') : parts.slice(-2).join('/');
}

function domain(rows: readonly CertificateRow[], o: TimelineOptions): [Date, Date] {
  const leaves = rows.filter((r) => !r.isCa && r.notBefore && r.notAfter);
  const use = leaves.length > 0 ? leaves : rows.filter((r) => r.notBefore && r.notAfter);
  const anchor = o.judgedAt.getTime();
  let start = Math.min(...use.map((r) => r.notBefore!.getTime()), anchor - 30 * DAY_MS, o.today.getTime() - 30 * DAY_MS);
  let end = Math.max(...use.map((r) => r.notAfter!.getTime()), anchor + (o.windowDays + 30) * DAY_MS);
  // A ten-year CA would squeeze every leaf into a sliver: CAs beyond two years are clipped (marked).
  start = Math.max(start, anchor - 2 * 365 * DAY_MS);
  end = Math.min(end, anchor + 2 * 365 * DAY_MS);
  return [new Date(start), new Date(end)];
}

function title(r: CertificateRow): string {
  const days = r.daysLeft === undefined ? '' : `, ${r.daysLeft} days left`;
  return `${r.host}: ${r.path} (${r.subject}${r.isCa ? ', CA' : ''}) ${r.status}${days}, not after ${r.notAfter?.toISOString() ?? '?'}`;
}

/** The SVG of `cluster`'s timeline. */
export function renderTimeline(cluster: ClusterView, o: TimelineOptions): string {
  const x = scaleUtc().domain(domain(cluster.rows, o)).range([0, PLOT_W]).clamp(true);
  const bars = cluster.rows.length <= BARS_UP_TO;
  const lines: Array<{ label: string; node: boolean; rows: CertificateRow[] }> = [];
  const byNode = groupBy(cluster.rows, (r) => r.host);
  for (const node of cluster.nodes) {
    const own = byNode.get(node) ?? [];
    if (bars) {
      lines.push({ label: node, node: true, rows: [] });
      for (const r of own) lines.push({ label: shortName(r), node: false, rows: [r] });
    } else {
      lines.push({ label: node, node: true, rows: own });
    }
  }
  const height = AXIS_H + lines.length * ROW_H + 6;
  const width = LABEL_W + PLOT_W + 10;
  const px = (d: Date): number => LABEL_W + x(d);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
  );
  out.push(`<title>Certificate expiry timeline of cluster ${escapeHtml(cluster.name)}</title>`);
  // The warning window after the judging moment.
  const w0 = px(o.judgedAt);
  const w1 = px(new Date(o.judgedAt.getTime() + o.windowDays * DAY_MS));
  out.push(
    `<rect class="window" x="${w0.toFixed(1)}" y="${AXIS_H - 4}" width="${Math.max(0, w1 - w0).toFixed(1)}" height="${height - AXIS_H + 4}"><title>warning window: ${o.windowDays} days</title></rect>`,
  );
  for (const t of x.ticks(8)) {
    const tx = px(t).toFixed(1);
    out.push(
      `<line class="tick" x1="${tx}" x2="${tx}" y1="${AXIS_H - 6}" y2="${height}"/><text class="tick" x="${tx}" y="${AXIS_H - 10}">${escapeHtml(x.tickFormat(8)(t))}</text>`,
    );
  }
  // Marks (one line per node) are drawn as one path per status: a 1,000-node cluster's 20,000
  // certificates cost ~20 bytes each instead of an element with its own tooltip; the node's line
  // says in its tooltip how many it has of each status.
  const marks = new Map<CertificateStatus, string[]>();
  lines.forEach((line, i) => {
    const y = AXIS_H + i * ROW_H;
    const tip = bars ? '' : `<title>${escapeHtml(nodeSummary(line.label, line.rows))}</title>`;
    out.push(
      `<text class="${line.node ? 'node' : 'cert'}" x="${line.node ? 4 : 16}" y="${y + ROW_H - 3}">${escapeHtml(truncate(line.label, line.node ? 40 : 44))}${tip}</text>`,
    );
    for (const r of line.rows) {
      if (!r.notAfter) continue;
      const end = px(r.notAfter);
      if (bars && r.notBefore) {
        const start = px(r.notBefore);
        out.push(
          `<rect class="bar" x="${start.toFixed(1)}" y="${y + 3}" width="${Math.max(2, end - start).toFixed(1)}" height="${ROW_H - 6}" fill="${STATUS_COLOURS[r.status]}"><title>${escapeHtml(title(r))}</title></rect>`,
        );
        if (r.notAfter.getTime() > x.domain()[1]!.getTime())
          out.push(`<text class="clip" x="${(end - 2).toFixed(1)}" y="${y + ROW_H - 3}">→</text>`);
      } else {
        const list = marks.get(r.status) ?? [];
        list.push(`M${(end - 1.5).toFixed(1)} ${y + 2}h3v${ROW_H - 4}h-3z`);
        marks.set(r.status, list);
      }
    }
  });
  for (const [status, d] of marks)
    out.push(`<path class="mark" data-status="${status}" fill="${STATUS_COLOURS[status]}" d="${d.join('')}"/>`);
  for (const [cls, when, label] of [
    ['today', o.today, 'today'],
    ['at', o.judgedAt, 'judged at'],
  ] as const) {
    if (cls === 'at' && Math.abs(o.judgedAt.getTime() - o.today.getTime()) < DAY_MS) continue;
    const tx = px(when).toFixed(1);
    out.push(
      `<line class="${cls}" x1="${tx}" x2="${tx}" y1="${AXIS_H - 6}" y2="${height}"><title>${label} ${when.toISOString()}</title></line>`,
    );
  }
  out.push('</svg>');
  return out.join('');
}

function nodeSummary(node: string, rows: readonly CertificateRow[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const soonest = rows.filter((r) => r.notAfter).sort((a, b) => a.notAfter!.getTime() - b.notAfter!.getTime())[0];
  return `${node}: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}${soonest ? `; soonest ${shortName(soonest)} ${soonest.notAfter!.toISOString().slice(0, 10)}` : ''}`;
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `…${s.slice(s.length - n + 1)}`;
}
