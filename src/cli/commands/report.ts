/** `certbook report html REPORT.json… -o FILE.html`: saved JSON reports → one HTML report; `report merge` in report-merge.ts. */
import { resolve } from 'node:path';
import { fsErrorText } from '../../errors/fs-error-text.js';
import { ReportFileError, readReportFile, writeHtmlReport } from '../../report/html/write-html-report.js';
import { OutputPathError } from '../../report/output-target.js';
import { modeOption } from '../args/output-mode-arg.js';
import type { ReportOptions } from '../args/report-spec.js';
import { EXIT } from '../exit-codes.js';
import { type CliIo, loaderPath } from '../io.js';
import { reportMergeCommand } from './report-merge.js';

/** `report merge` (report-merge.ts), or `report html`: 0 when written, 1 when a report could not be read or the file written. */
export function reportCommand(options: ReportOptions, io: CliIo): number {
  if (options.action === 'merge') return reportMergeCommand(options, io);
  let reports;
  try {
    reports = options.reports.map((file) => readReportFile(loaderPath(io, file)));
  } catch (error) {
    if (!(error instanceof ReportFileError)) throw error;
    io.stderr.write(`error: ${error.message}\n`);
    return EXIT.ERROR;
  }
  // `-o -` is standard output, as `-o /dev/stdout` is: the page can be piped.
  const toStdout = options.output === '-' || options.output === '/dev/stdout';
  const output = toStdout ? '/dev/stdout' : resolve(io.cwd, options.output);
  try {
    writeHtmlReport(output, reports, { stdout: io.stdout, stderr: io.stderr, ...modeOption(options.outputMode) });
  } catch (error) {
    const reason = error instanceof OutputPathError ? error.message : fsErrorText(error);
    io.stderr.write(`error: could not write ${options.output}: ${reason}\n`);
    return EXIT.ERROR;
  }
  if (!toStdout) io.stdout.write(`wrote ${options.output} (${reports.length} report${reports.length === 1 ? '' : 's'})\n`);
  return EXIT.OK;
}
