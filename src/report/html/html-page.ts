/**
 * The self-contained HTML report: one file with inline CSS, inline SVG and one small inline
 * script, no request to anywhere (it opens offline from file://). Header (when, playbook, the
 * judging moment, exit status in words), the clusters' summary, a timeline per cluster with its
 * trap called out in words, the findings, then every certificate as a table (sorted by expiry;
 * sortable and filterable when scripts run). Every value from a host is escaped (escape-html.ts).
 */
import { basename } from 'node:path';
import { playbookLabel } from '../metrics.js';
import { escapeHtml } from './escape-html.js';
import { buildFleetView, type CertificateRow, type ClusterView, type FleetView, type ReportJson, STATUSES } from './fleet-view.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';
import { renderTimeline, STATUS_COLOURS } from './timeline-svg.js';

/** What an exit code means, in the words of the README's table. */
export function exitWords(code: number | undefined, playbook: string): string {
  const checking = /check-expiry/.test(basename(playbook));
  switch (code) {
    case 0:
      return checking ? 'all fine: no certificate needs attention' : 'everything asked for was done';
    case 1:
      return 'an error';
    case 2:
      return checking ? 'attention: certificates need action (see the findings)' : 'one or more hosts failed';
    case 3:
      return 'one or more hosts could not be reached';
    case 4:
      return 'a playbook, inventory or vars file could not be loaded';
    case 5:
      return 'bad command-line options';
    case 99:
      return 'interrupted';
    case 250:
      return 'internal error';
    case undefined:
      return 'unknown (the run did not finish)';
    default:
      return `exit ${code}`;
  }
}

const utc = (d: Date | undefined): string =>
  d
    ? d
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d{3}Z$/, ' UTC')
    : '';
const day = (d: Date | undefined): string => (d ? d.toISOString().slice(0, 10) : '');
const statusClass = (s: string): string => `s-${s.replace(/ /g, '-')}`;

function header(view: FleetView): string {
  const out = ['<dl class="header">'];
  for (const run of view.runs) {
    const bad = run.exitCode !== 0;
    out.push(
      `<dt>Run</dt><dd>${escapeHtml(basename(run.playbook))}${run.check ? ' (--check)' : ''}, ${escapeHtml(utc(run.startedAt))}` +
        ` — <span class="${bad ? 'exit-bad' : 'exit-0'}">exit ${escapeHtml(run.exitCode ?? '?')}: ${escapeHtml(exitWords(run.exitCode, run.playbook))}</span>` +
        `${run.interrupted ? ' (interrupted)' : ''}${run.complete ? '' : ' (report incomplete)'}</dd>`,
    );
  }
  const at = Math.abs(view.judgedAt.getTime() - view.today.getTime()) >= 86_400_000;
  out.push(`<dt>Judged at</dt><dd>${escapeHtml(at ? `${day(view.judgedAt)} (-e at: planning ahead)` : utc(view.judgedAt))}</dd>`);
  out.push(
    `<dt>Certificates</dt><dd>${view.rows.length} on ${new Set(view.rows.map((r) => r.host)).size} nodes in ${view.clusters.length} cluster(s)</dd>`,
  );
  out.push('</dl>');
  out.push(
    `<p class="legend">${STATUSES.map((s) => `<span><i style="background:${STATUS_COLOURS[s]}"></i>${s}: <b id="count-${statusClass(s)}">${view.counts[s]}</b></span>`).join('')}</p>`,
  );
  return out.join('');
}

function clustersTable(view: FleetView): string {
  const head = ['cluster', 'servers', 'agents', 'soonest', 'not after', 'days left', 'run', ...STATUSES];
  const out = [`<table id="clusters"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>`];
  view.clusters.forEach((c, i) => {
    out.push(
      `<tr><td><a href="#cluster-${i}">${escapeHtml(c.name)}</a></td><td class="num">${escapeHtml(c.servers ?? '')}</td><td class="num">${escapeHtml(c.agents ?? '')}</td>` +
        `<td>${escapeHtml(c.soonest?.what ?? '')}</td><td>${escapeHtml(day(c.soonest?.notAfter))}</td><td class="num">${escapeHtml(c.soonest?.daysLeft ?? '')}</td>` +
        `<td><b>${escapeHtml(c.run ?? '')}</b></td>${STATUSES.map((s) => `<td class="num ${c.counts[s] ? statusClass(s) : ''}">${c.counts[s]}</td>`).join('')}</tr>`,
    );
  });
  out.push('</tbody></table>');
  return out.join('');
}

function findingsList(items: ClusterView['findings']): string {
  if (items.length === 0) return '';
  return `<ul class="findings">${items.map((f) => `<li><b>${escapeHtml(f.host)}</b>${f.unreachable ? ' (unreachable)' : ''}: ${escapeHtml(f.message)}</li>`).join('')}</ul>`;
}

function clusterSection(view: FleetView, c: ClusterView, i: number): string {
  const out = [`<section id="cluster-${i}" class="cluster"><h2>Cluster ${escapeHtml(c.name)}</h2>`];
  if (c.run) out.push(`<p>What to run: <b>${escapeHtml(c.run)}</b></p>`);
  if (c.trap) out.push(`<p class="trap"><b>The serving-certificate trap:</b> ${escapeHtml(c.trap)}</p>`);
  out.push(renderTimeline(c, { today: view.today, judgedAt: view.judgedAt, windowDays: c.windowDays }));
  out.push(findingsList(c.findings));
  out.push('</section>');
  return out.join('');
}

/** Up to this many rows the certificate table is open when the page loads. */
export const OPEN_ROWS_UP_TO = 2000;
// Fixed column widths: the browser lays the table out without measuring every cell first.
const COLGROUP =
  '<colgroup><col style="width:9%"><col style="width:10%"><col style="width:6%"><col style="width:25%"><col style="width:12%">' +
  '<col style="width:12%"><col style="width:3%"><col style="width:10%"><col style="width:5%"><col style="width:8%"></colgroup>';

function rowsTable(rows: readonly CertificateRow[]): string {
  const cols: Array<[string, string]> = [
    ['host', 'text'],
    ['cluster', 'text'],
    ['source', 'text'],
    ['path', 'text'],
    ['subject', 'text'],
    ['issuer', 'text'],
    ['CA', 'text'],
    ['not after', 'text'],
    ['days left', 'number'],
    ['status', 'text'],
  ];
  const controls =
    '<div id="controls" hidden><label>Filter <input id="filter-text" type="search" placeholder="host, path, subject…"></label>' +
    STATUSES.map(
      (s) =>
        `<label><input type="checkbox" value="${escapeHtml(s)}" checked> <span class="${statusClass(s)}">${escapeHtml(s)}</span></label>`,
    ).join('') +
    ' <span id="shown"></span></div>';
  const sorted = [...rows].sort((a, b) => (a.notAfter?.getTime() ?? Infinity) - (b.notAfter?.getTime() ?? Infinity));
  // Every byte counts at 20,000 rows: closing </td> and </tr> are implied in HTML, the cells'
  // looks come from the column's CSS and the row's data-status, and the ISO dates sort as text.
  const body = sorted
    .map(
      (r) =>
        `<tr data-status="${escapeHtml(r.status)}"><td>${escapeHtml(r.host)}<td>${escapeHtml(r.cluster)}<td>${escapeHtml(r.source)}` +
        `<td>${escapeHtml(r.path)}<td>${escapeHtml(r.subject)}<td>${escapeHtml(r.issuer)}<td>${r.isCa ? 'CA' : ''}` +
        `<td>${escapeHtml(utc(r.notAfter))}<td>${escapeHtml(r.daysLeft ?? '')}<td>${escapeHtml(r.status)}`,
    )
    .join('\n');
  // A closed <details> is not laid out: at fleet size (20,000 rows) the table waits to be asked for.
  const open = rows.length <= OPEN_ROWS_UP_TO ? ' open' : '';
  return `<details id="all-rows"${open}><summary>${rows.length} certificate row(s)${open ? '' : ' — show them all'}</summary>${controls}<table id="rows">${COLGROUP}<thead><tr>${cols.map(([c, t]) => `<th data-type="${t}">${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>\n${body}\n</tbody></table></details>`;
}

/** The whole page for `reports` (one run, or several merged). */
export function renderHtmlReport(reports: readonly ReportJson[]): string {
  const view = buildFleetView(reports);
  const names = [...new Set(view.runs.map((r) => playbookLabel(r.playbook)))].join(', ');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`certbook ${names}: ${day(view.today)}`)}</title>`,
    `<style>${PAGE_STYLE}</style></head><body>`,
    `<h1>k3s certificates — ${escapeHtml(names)}</h1>`,
    header(view),
    '<h2>Clusters</h2>',
    clustersTable(view),
    view.unplaced.length ? `<h2>Hosts without certificates read</h2>${findingsList(view.unplaced)}` : '',
    ...view.clusters.map((c, i) => clusterSection(view, c, i)),
    '<h2>Certificates</h2>',
    rowsTable(view.rows),
    `<p><small>Written by certbook. ${view.rows.length} certificate row(s); open offline, nothing is fetched.</small></p>`,
    `<script>${PAGE_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
