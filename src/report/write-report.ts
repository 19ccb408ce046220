/**
 * `--report FILE.json`: the run report written atomically, mode 0600 unless asked otherwise
 * (results can carry what hosts say about themselves).
 */

import { redactValue, type Secrets } from '../events/redact.js';
import { type OutputStreams, writeOutputFile } from './output-file.js';
import type { RunReport } from './run-report.js';
import { escapeControls } from './safe-text.js';

/** How the report file is written. */
export interface WriteReportOptions extends OutputStreams {
  /** Permission bits. Default 0o600. */
  mode?: number;
  /** Masked once more on the way out. */
  secrets?: Secrets;
}

/** The report as the file holds it: pretty JSON, terminal controls escaped (the JSON stays valid). */
export function reportJson(report: RunReport, secrets: Secrets = []): string {
  return `${escapeControls(JSON.stringify(redactValue(report, secrets), null, 2))}\n`;
}

/** Writes `report` to `path` (atomically when it is a regular file, see output-file.ts). Throws when the file cannot be written. */
export function writeReport(path: string, report: RunReport, options: WriteReportOptions = {}): void {
  writeOutputFile(path, reportJson(report, options.secrets), options);
}
