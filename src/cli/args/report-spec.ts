/** `certbook report html REPORT.json… -o FILE.html`: the HTML report of saved JSON reports. */
import { badOption, type CliProblem } from './cli-problem.js';
import { HELP_OPTION, type CommandSpec } from './option-spec.js';
import { parseOptions } from './parse-options.js';

/** The `certbook report` command line. */
export const REPORT_COMMAND: CommandSpec = {
  name: 'report',
  summary: 'turn saved JSON reports into one self-contained HTML report',
  description: 'Reads one or more JSON reports written by `certbook run … --report FILE` (several are merged: '
    + 'e.g. one per shard or per site) and writes one HTML file that opens offline in any browser: '
    + 'the clusters, an expiry timeline per cluster, the findings and every certificate. '
    + 'The only format is html: `certbook report html a.json b.json -o fleet.html`.',
  positionals: [
    { name: 'FORMAT', arity: 'one', help: 'html' },
    { name: 'REPORT', arity: 'many', help: 'JSON reports written by --report' },
  ],
  options: [
    HELP_OPTION,
    { key: 'output', short: 'o', long: 'output', kind: 'value', metavar: 'FILE', group: 'options', help: 'the HTML file to write (required)' },
  ],
  groups: ['options'],
};

/** `certbook report`'s options. */
export interface ReportOptions {
  help: boolean;
  reports: string[];
  output: string;
}

/** Parses the words after `certbook report`. */
export function parseReportOptions(argv: readonly string[]): { options?: ReportOptions; problems: CliProblem[] } {
  const parsed = parseOptions(argv, REPORT_COMMAND.options);
  const v = parsed.values;
  if (v.help === true) return { options: { help: true, reports: [], output: '' }, problems: [] };
  const problems = [...parsed.problems];
  const [format, ...reports] = parsed.positionals;
  if (format !== 'html') {
    problems.push(badOption('FORMAT', format === undefined ? 'no format given' : `unknown format \`${format}\``, 'the format is html: certbook report html report.json -o fleet.html'));
  }
  if (reports.length === 0) problems.push(badOption('REPORT', 'no report given', 'certbook report html report.json -o fleet.html'));
  const output = typeof v.output === 'string' ? v.output : '';
  if (output === '') problems.push(badOption('--output', 'the HTML file to write is required', 'add -o fleet.html'));
  return problems.length > 0 ? { problems } : { options: { help: false, reports, output }, problems };
}
