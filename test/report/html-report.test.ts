/** The HTML report's content, without a browser: what each part says, escaping, and the judging moment. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml } from '../../src/report/html/escape-html.js';
import { buildFleetView, windowDaysOf } from '../../src/report/html/fleet-view.js';
import { renderHtmlReport } from '../../src/report/html/html-page.js';
import { BARS_UP_TO } from '../../src/report/html/timeline-svg.js';
import { checkExpiryReport, HOSTILE_TEXTS } from './html-fixtures.js';

const NOW = new Date('2026-12-07T12:00:00Z');

test('escapeHtml: markup becomes entities and invisible controls become visible', () => {
  assert.equal(escapeHtml('<a href="x">\'&'), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
  assert.equal(escapeHtml('a\u202eb\u0007c'), 'a⟨U+202E⟩b⟨U+0007⟩c');
  assert.equal(escapeHtml(undefined), '');
});

test('hostile subjects, paths, hosts and messages stay text: no tag, attribute or control of theirs reaches the page', () => {
  const rows = HOSTILE_TEXTS.map((t, i) => ({
    host: `h${i}${t}`,
    cluster: `c${t}`,
    path: `/tls/${t}.crt`,
    subject: t,
    daysLeft: 10,
    status: 'WARNING',
  }));
  const html = renderHtmlReport([checkExpiryReport(NOW, rows, { exitCode: 2, failed: { [`h0${HOSTILE_TEXTS[0]}`]: HOSTILE_TEXTS[1]! } })]);
  assert.equal((html.match(/<script>/g) ?? []).length, 1, 'only the page script');
  assert.doesNotMatch(html, /<img|<svg onload|onerror="|onmouseover='|<!-- comment/);
  assert.doesNotMatch(html, /[\u202a-\u202e\u2066-\u2069]/);
  assert.match(html, /&lt;script&gt;window\.PWNED=1&lt;\/script&gt;/);
  assert.match(html, /⟨U\+202E⟩txt\.exe/);
});

test('counts per status, per cluster and in total, and the clusters table', () => {
  const view = buildFleetView([
    checkExpiryReport(NOW, [
      { host: 's1', cluster: 'a', path: '/t/a.crt', daysLeft: -3, status: 'EXPIRED' },
      { host: 's1', cluster: 'a', path: '/t/b.crt', daysLeft: 30, status: 'WARNING' },
      { host: 's2', cluster: 'b', path: '/t/c.crt', daysLeft: 300, status: 'OK' },
      { host: 's2', cluster: 'b', path: '/t/d.crt', daysLeft: 0, status: 'UNREADABLE' },
    ]),
  ]);
  assert.deepEqual(
    view.clusters.map((c) => [c.name, c.nodes, c.counts.EXPIRED, c.counts.WARNING, c.counts.OK, c.counts.UNREADABLE]),
    [
      ['a', ['s1'], 1, 1, 0, 0],
      ['b', ['s2'], 0, 0, 1, 1],
    ],
  );
  assert.deepEqual(view.counts, { EXPIRED: 1, 'NOT YET VALID': 0, WARNING: 1, UNREADABLE: 1, OK: 1 });
});

test('the trap is called out only when the served certificate or the Secret is stale and every leaf file is fresh', () => {
  const trap = buildFleetView([
    checkExpiryReport(NOW, [
      { host: 's1', cluster: 'a', source: 'served', path: '10.0.0.1:6443', daysLeft: -11, status: 'EXPIRED' },
      { host: 's1', cluster: 'a', path: '/t/a.crt', daysLeft: 200, status: 'OK' },
      { host: 's1', cluster: 'b', source: 'secret', path: 'kube-system/k3s-serving', daysLeft: -11, status: 'EXPIRED' },
      { host: 's1', cluster: 'b', path: '/t/a.crt', daysLeft: 20, status: 'WARNING' },
    ]),
  ]);
  assert.match(
    trap.clusters[0]!.trap ?? '',
    /served on the API port expired while every leaf file on disk is fresh.*force-reissue-serving/,
  );
  assert.equal(trap.clusters[1]!.trap, undefined, 'leaves are due too: rotate, not the trap');
});

test('the judging moment: the run start, or the day check-expiry was told with -e at', () => {
  const rows = [
    { host: 's', cluster: 'a', path: '/a.crt', daysLeft: 100, status: 'OK' },
    { host: 's', cluster: 'a', path: '/b.crt', daysLeft: 30, status: 'WARNING' },
  ];
  assert.equal(buildFleetView([checkExpiryReport(NOW, rows)]).judgedAt.getTime(), NOW.getTime());
  // Judged 60 days ahead, reported by a run today: the rows' days_left pin the moment.
  const ahead = checkExpiryReport(new Date(NOW.getTime() + 60 * 86_400_000), rows);
  ahead.startedAt = NOW.toISOString();
  const judged = buildFleetView([ahead]).judgedAt;
  assert.ok(Math.abs(judged.getTime() - (NOW.getTime() + 60 * 86_400_000)) <= 86_400_000, judged.toISOString());
  assert.match(renderHtmlReport([ahead]), /-e at: planning ahead/);
});

test('the warning window is read from the statuses: 90 or 120 days, or what -e warn_days made it', () => {
  const rows = (warn: number[], ok: number[]) =>
    [...warn.map((d) => ({ daysLeft: d, status: 'WARNING' })), ...ok.map((d) => ({ daysLeft: d, status: 'OK' }))].map(
      (r, i) =>
        ({
          host: 'h',
          cluster: 'c',
          source: 'file',
          path: `/${i}`,
          subject: '',
          issuer: '',
          isCa: false,
          notBefore: undefined,
          notAfter: undefined,
          ...r,
        }) as never,
    );
  assert.equal(windowDaysOf(rows([30], [200])), 90);
  assert.equal(windowDaysOf(rows([100], [200])), 120);
  assert.equal(windowDaysOf(rows([10], [25])), 11);
});

test('exit status in words, failures and unreachable hosts listed, hosts with no row still shown', () => {
  const html = renderHtmlReport([
    checkExpiryReport(NOW, [{ host: 's1', cluster: 'a', path: '/a.crt', daysLeft: 20, status: 'WARNING' }], {
      exitCode: 3,
      failed: { s1: '1 leaf certificate(s) inside the 90-day window: run rotate' },
      unreachable: { gone: 'ssh: connect to host gone port 22: Connection refused' },
    }),
  ]);
  assert.match(html, /exit 3: one or more hosts could not be reached/);
  assert.match(html, /<b>s1<\/b>: 1 leaf certificate\(s\) inside the 90-day window: run rotate/);
  assert.match(html, /Hosts without certificates read.*<b>gone<\/b> \(unreachable\): ssh: connect to host gone/s);
});

test(`a cluster of more than ${BARS_UP_TO} rows is drawn one line per node, each certificate a mark`, () => {
  const rows = Array.from({ length: 40 }, (_, n) =>
    Array.from({ length: 10 }, (__, k) => ({ host: `n${n}`, cluster: 'big', path: `/t/${k}.crt`, daysLeft: 100 + k, status: 'OK' })),
  ).flat();
  const html = renderHtmlReport([checkExpiryReport(NOW, rows)]);
  // One path per status, a mark (`M…z`) per certificate, a line per node.
  assert.equal((html.match(/<path class="mark"/g) ?? []).length, 1);
  assert.equal((html.match(/h3v10h-3z/g) ?? []).length, 400);
  assert.equal((html.match(/class="bar"/g) ?? []).length, 0);
  assert.equal((html.match(/<text class="node"/g) ?? []).length, 40);
});
