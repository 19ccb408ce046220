/** `certbook report html REPORT.json… -o FILE.html`: saved JSON reports → one HTML report. */
import { ReportFileError, readReportFile, writeHtmlReport } from '../../report/html/write-html-report.js';
import type { ReportOptions } from '../args/report-spec.js';
import { EXIT } from '../exit-codes.js';
import { loaderPath, type CliIo } from '../io.js';

/** Writes the HTML report; 0 when written, 1 when a report could not be read or the file written. */
export function reportCommand(options: ReportOptions, io: CliIo): number {
  let reports;
  try {
    reports = options.reports.map((file) => readReportFile(loaderPath(io, file)));
  } catch (error) {
    if (!(error instanceof ReportFileError)) throw error;
    io.stderr.write(`error: ${error.message}\n`);
    return EXIT.ERROR;
  }
  const output = loaderPath(io, options.output);
  try {
    writeHtmlReport(output, reports);
  } catch (error) {
    io.stderr.write(`error: could not write ${options.output}: ${(error as Error).message}\n`);
    return EXIT.ERROR;
  }
  io.stdout.write(`wrote ${options.output} (${reports.length} report${reports.length === 1 ? '' : 's'})\n`);
  return EXIT.OK;
}
