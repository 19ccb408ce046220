/**
 * The real browser for tests of what a person looks at: Debian's chromium, headless, driven by
 * puppeteer-core over the DevTools protocol (puppeteer-core brings no browser of its own; the
 * test set-up installs the `chromium` package). Root needs `--no-sandbox`.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';

/** Where Debian puts chromium. */
export const CHROMIUM = '/usr/bin/chromium';

/** Starts headless chromium; close it with `browser.close()`. */
export async function startBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: npm test installs Debian's chromium (see README, Requirements)`);
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--no-default-browser-check'],
  });
}
