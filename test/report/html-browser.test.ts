/**
 * The HTML report in the real browser (Debian's chromium, headless): two check-expiry runs on
 * simulated clusters over real sshd (one with the serving-certificate trap, one with leaves
 * inside the window), merged by `certbook report html`, loaded from file://. No request leaves
 * the file, no console error, the summary and both timelines are there, the counts match the
 * JSON reports, sorting and filtering work, the page reads with scripts off, hostile text
 * stays text. A screenshot is kept in .certbook-tmp/artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { runCli } from '../cli/run-cli.js';
import { startBrowser } from '../harness/browser.js';
import { type SimulatedFleet, startSimulatedFleet } from '../harness/simulated-cluster.js';
import { tempDir } from '../harness/temp-dir.js';
import { checkExpiryReport, HOSTILE_TEXTS } from './html-fixtures.js';

const ARTIFACTS = join(import.meta.dirname, '..', '..', '.certbook-tmp', 'artifacts');
let browser: Browser;
let fleets: SimulatedFleet[] = [];
let dir: string;
let reports: Array<{ records: { certificates: { rows: Array<{ values: Record<string, unknown> }> } } }>;
let htmlFile: string;

before(async () => {
  dir = tempDir('certbook-html-');
  [browser, ...fleets] = await Promise.all([
    startBrowser(),
    startSimulatedFleet({ servers: 1, agents: 1, version: 'v1.18.6+k3s1', state: { leafDaysLeft: 300, servingDaysLeft: -10 } }),
    startSimulatedFleet({ servers: 1, agents: 1, version: 'v1.33.1+k3s1', state: { leafDaysLeft: 30, servingDaysLeft: 30 } }),
  ]);
  const files = fleets.map((_, i) => join(dir, `report-${i}.json`));
  for (const [i, fleet] of fleets.entries()) {
    const run = await runCli(['run', 'check-expiry', '-i', fleet.inventoryFile, '--report', files[i]!], { env: { CI: 'true' } });
    assert.equal(run.code, 2, run.stdout);
  }
  reports = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
  htmlFile = join(dir, 'fleet.html');
  const made = await runCli(['report', 'html', ...files, '-o', htmlFile]);
  assert.equal(made.code, 0, made.stderr);
});
after(async () => {
  await browser?.close();
  await Promise.all(fleets.map((f) => f.stop()));
});

/** Opens `file` in a new page; every request other than the file itself, every failed request and every console error is collected. */
async function open(file: string, javaScript = true): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(javaScript);
  await page.setViewport({ width: 1200, height: 900 });
  const problems: string[] = [];
  const url = pathToFileURL(file).href;
  page.on('request', (r) => {
    if (r.url() !== url) problems.push(`request: ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${(e as Error).message}`));
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

test('loads from file:// with no request, no failure and no console error; summary, timelines and counts agree with the JSON reports', async () => {
  const { page, problems } = await open(htmlFile);
  try {
    assert.deepEqual(problems, []);
    const rows = reports.flatMap((r) => r.records.certificates.rows.map((x) => x.values));
    const clusters = [...new Set(rows.map((r) => String(r.cluster)))].sort();
    assert.deepEqual(await page.$$eval('#clusters tbody tr td:first-child', (tds) => tds.map((td) => td.textContent)), clusters);
    assert.equal(await page.$$eval('section.cluster svg.timeline', (s) => s.length), 2);
    for (const status of ['EXPIRED', 'NOT YET VALID', 'WARNING', 'UNREADABLE', 'OK']) {
      const shown = await page.$eval(`#count-s-${status.replace(/ /g, '-')}`, (b) => Number(b.textContent));
      assert.equal(shown, rows.filter((r) => r.status === status).length, status);
    }
    assert.equal(await page.$$eval('#rows tbody tr', (trs) => trs.length), rows.length);
    // The trap is named for the v1.18 cluster (files fresh, served expired), not for the other.
    const traps = await page.$$eval('section.cluster', (ss) => ss.map((s) => s.querySelector('.trap')?.textContent ?? ''));
    assert.equal(traps.filter((t) => /while every leaf file on disk is fresh/.test(t)).length, 1);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'html-report.png'), fullPage: true });
    console.log(`screenshot: ${join(ARTIFACTS, 'html-report.png')}`);
  } finally {
    await page.close();
  }
});

test('sorting by a column and filtering by text and status work without a server', async () => {
  const { page, problems } = await open(htmlFile);
  try {
    const daysHeader = (await page.$$('#rows thead th'))[8]!;
    const days = () => page.$$eval('#rows tbody tr:not([hidden]) td:nth-child(9)', (tds) => tds.map((td) => Number(td.textContent)));
    await daysHeader.click();
    const up = await days();
    assert.deepEqual(
      up,
      [...up].sort((a, b) => a - b),
    );
    await daysHeader.click();
    const down = await days();
    assert.deepEqual(
      down,
      [...down].sort((a, b) => b - a),
    );
    assert.notDeepEqual(up, down);

    const cluster = String(reports[0]!.records.certificates.rows[0]!.values.cluster);
    await page.type('#filter-text', cluster);
    const visible = await page.$$eval('#rows tbody tr:not([hidden]) td:nth-child(2)', (tds) => tds.map((td) => td.textContent));
    assert.equal(visible.length, reports[0]!.records.certificates.rows.length);
    assert.ok(visible.every((c) => c === cluster));
    await page.click('#controls input[value="OK"]');
    const statuses = await page.$$eval('#rows tbody tr:not([hidden])', (trs) => trs.map((tr) => tr.getAttribute('data-status')));
    assert.ok(statuses.length > 0 && !statuses.includes('OK'), statuses.join(','));
    assert.match(await page.$eval('#shown', (s) => s.textContent ?? ''), new RegExp(`^${statuses.length} of \\d+ shown$`));
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('with scripts off the page still reads: every row in the table, the controls hidden', async () => {
  const { page } = await open(htmlFile, false);
  try {
    const total = reports.reduce((n, r) => n + r.records.certificates.rows.length, 0);
    assert.equal(await page.$$eval('#rows tbody tr', (trs) => trs.length), total);
    assert.equal(await page.$eval('#controls', (c) => (c as HTMLElement).hidden), true);
    assert.equal(await page.$$eval('svg.timeline rect.bar', (r) => r.length > 0), true);
  } finally {
    await page.close();
  }
});

test('hostile subjects, paths and messages stay text in the browser: nothing runs, nothing is added to the page', async () => {
  const now = new Date();
  const rows = HOSTILE_TEXTS.map((t, i) => ({
    host: `h${i}${t}`,
    cluster: `c${t}`,
    path: `/tls/${t}.crt`,
    subject: t,
    daysLeft: 10,
    status: 'WARNING',
  }));
  const json = join(dir, 'hostile.json');
  writeFileSync(json, JSON.stringify(checkExpiryReport(now, rows, { exitCode: 2, failed: { [rows[0]!.host]: HOSTILE_TEXTS.join(' ') } })));
  const html = join(dir, 'hostile.html');
  assert.equal((await runCli(['report', 'html', json, '-o', html])).code, 0);
  const { page, problems } = await open(html);
  try {
    assert.deepEqual(problems, []);
    assert.equal(await page.evaluate(() => (window as unknown as { PWNED?: number }).PWNED), undefined);
    assert.equal(await page.evaluate(() => document.scripts.length), 1);
    assert.equal(await page.$$eval('img, iframe, object, embed', (e) => e.length), 0);
    const subjects = await page.$$eval('#rows tbody td:nth-child(5)', (tds) => tds.map((td) => td.textContent));
    assert.ok(subjects.includes('<script>window.PWNED=1</script>'));
    assert.ok(subjects.some((s) => s?.includes('⟨U+202E⟩')));
  } finally {
    await page.close();
  }
});
