/**
 * Reading saved JSON reports for `certbook report html`, and writing the HTML report the way
 * every other output file is written (whole or not at all, mode 0600 unless told otherwise).
 */
import { readFileSync } from 'node:fs';
import { fileProblem } from '../../errors/fs-error-text.js';
import { type OutputStreams, writeOutputFile } from '../output-file.js';
import type { ReportJson } from './fleet-view.js';
import { renderHtmlReport } from './html-page.js';

/** A saved report that cannot be used, with why. */
export class ReportFileError extends Error {}

/** Reads and checks one JSON report written by `--report`. */
export function readReportFile(path: string): ReportJson {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ReportFileError(fileProblem(error, path).message);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportFileError(`${path}: not JSON (${(error as Error).message})`);
  }
  const r = value as Partial<ReportJson> | null;
  if (!r || typeof r !== 'object' || r.reportVersion !== 1 || typeof r.playbook !== 'string' || typeof r.startedAt !== 'string') {
    throw new ReportFileError(`${path}: not a certbook report (reportVersion 1, written by \`certbook run … --report FILE\`)`);
  }
  return r as ReportJson;
}

/** Writes the HTML report of `reports` to `path` as every output file is written (output-file.ts). */
export function writeHtmlReport(path: string, reports: readonly ReportJson[], options: OutputStreams & { mode?: number } = {}): void {
  writeOutputFile(path, renderHtmlReport(reports), options);
}
