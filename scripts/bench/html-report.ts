/**
 * The HTML report at fleet size: 1,000 hosts × 20 certificates (10 clusters of 100 nodes, then
 * one cluster of 1,000), rendered by certbook, written, and loaded from file:// in headless
 * chromium. Measures the render time, the file size and the browser's time to the load event
 * plus one frame (the page laid out and painted).
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderHtmlReport } from '../../src/report/html/html-page.js';
import { startBrowser } from '../../test/harness/browser.js';
import { checkExpiryReport, type RowSpec } from '../../test/report/html-fixtures.js';

/** One measured page. */
export interface HtmlReportPoint {
  shape: string;
  rows: number;
  renderMs: number;
  bytes: number;
  browserMs: number;
}

function fleetRows(hosts: number, perHost: number, clusters: number): RowSpec[] {
  const rows: RowSpec[] = [];
  for (let h = 0; h < hosts; h++) {
    for (let c = 0; c < perHost; c++) {
      const daysLeft = ((h * 37 + c * 11) % 400) - 20;
      rows.push({
        host: `node-${String(h).padStart(4, '0')}`,
        cluster: `ca-${(h % clusters).toString(16).padStart(12, '0')}`,
        path: `/var/lib/rancher/k3s/server/tls/client-${c}.crt`,
        subject: `system:node-${h}-${c}`,
        daysLeft,
        status: daysLeft < 0 ? 'EXPIRED' : daysLeft < 90 ? 'WARNING' : 'OK',
      });
    }
  }
  return rows;
}

/** Measures both shapes; `log` gets a line per shape. */
export async function measureHtmlReport(log: (line: string) => void): Promise<HtmlReportPoint[]> {
  const dir = mkdtempSync(join(tmpdir(), 'certbook-bench-html-'));
  const browser = await startBrowser();
  const points: HtmlReportPoint[] = [];
  try {
    for (const [shape, clusters] of [
      ['1,000 hosts × 20, 10 clusters', 10],
      ['1,000 hosts × 20, one cluster', 1],
    ] as const) {
      const report = checkExpiryReport(new Date(), fleetRows(1000, 20, clusters), { exitCode: 2 });
      const t0 = performance.now();
      const html = renderHtmlReport([report]);
      const renderMs = performance.now() - t0;
      const file = join(dir, `report-${clusters}.html`);
      writeFileSync(file, html);
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      const t1 = performance.now();
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
      const browserMs = performance.now() - t1;
      await page.close();
      const point = { shape, rows: 20_000, renderMs: Math.round(renderMs), bytes: statSync(file).size, browserMs: Math.round(browserMs) };
      log(`${shape}: render ${point.renderMs} ms, ${(point.bytes / 2 ** 20).toFixed(2)} MB, browser ${point.browserMs} ms`);
      points.push(point);
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return points;
}
