/**
 * `certbook report html REPORT.json… -o FILE.html`: the HTML report of saved JSON reports.
 * `certbook report merge SHARD.json… --report FLEET.json [--metrics F] [--junit F] [--html F] [--expect N]`:
 * the reports of a sharded run (`run --shard I/N`) as one run's.
 */

import { MAX_SHARDS } from '../../shard/shard-spec.js';
import { badOption, type CliProblem } from './cli-problem.js';
import { type CommandSpec, HELP_OPTION } from './option-spec.js';
import { outputModeOption, parseOutputMode } from './output-mode-arg.js';
import { parseOptions } from './parse-options.js';

const HTML = 'html: one HTML file';
const MERGE = 'merge: shard reports as one run';

/** The `certbook report` command line. */
export const REPORT_COMMAND: CommandSpec = {
  name: 'report',
  summary: "merge shards' JSON reports into one run's, or turn saved reports into one HTML report",
  description:
    '`certbook report merge SHARD.json… --report FLEET.json` joins the --report files of the shards of one run ' +
    '(`certbook run … --shard I/N`) into the report one run over all their hosts would have written: hosts, recap, ' +
    "records in one run's order, clusters, and the exit code, the worst shard's (250, 5, 4, 99, 2, 3, 1, 0 from worst). " +
    'It writes --metrics, --junit and --html from the merged report too. It refuses, writing nothing and exiting 4, ' +
    'reports it cannot merge: of different playbooks or modes, of different N, a shard given twice or missing ' +
    '(every shard 1…N must be there; --expect N also checks N), a host in two reports, or one cluster ' +
    '(a partition_by key) run in two shards. Whole runs of one playbook over disjoint hosts merge too (without --expect). ' +
    '`certbook report html a.json b.json -o fleet.html` writes one HTML file that opens offline in any browser: ' +
    'the clusters, an expiry timeline per cluster, the findings and every certificate.',
  positionals: [
    { name: 'ACTION', arity: 'one', help: 'merge or html' },
    { name: 'REPORT', arity: 'many', help: 'JSON reports written by --report (merge: one per shard)' },
  ],
  options: [
    HELP_OPTION,
    {
      key: 'output',
      short: 'o',
      long: 'output',
      kind: 'value',
      metavar: 'FILE',
      group: HTML,
      help: 'the HTML file to write (required; - for stdout)',
    },
    { key: 'report', long: 'report', kind: 'value', metavar: 'FILE', group: MERGE, help: 'write the merged JSON report to FILE' },
    {
      key: 'metrics',
      long: 'metrics',
      kind: 'value',
      metavar: 'FILE',
      group: MERGE,
      help: "write the merged run's Prometheus metrics to FILE (as run --metrics)",
    },
    { key: 'junit', long: 'junit', kind: 'value', metavar: 'FILE', group: MERGE, help: "write the merged run's JUnit XML to FILE" },
    { key: 'html', long: 'html', kind: 'value', metavar: 'FILE', group: MERGE, help: "write the merged run's HTML report to FILE" },
    {
      key: 'expect',
      long: 'expect',
      kind: 'value',
      minInteger: 1,
      metavar: 'N',
      group: MERGE,
      help: 'the shards must be the N of --shard I/N (refused otherwise, naming what is missing)',
    },
    outputModeOption('options', 'this command'),
  ],
  groups: ['options', MERGE, HTML],
};

/** `certbook report`'s options. */
export interface ReportOptions {
  help: boolean;
  action: 'html' | 'merge';
  reports: string[];
  /** html: the page to write. */
  output: string;
  /** merge: the outputs, each optional (at least one), and --expect. */
  report?: string;
  metrics?: string;
  junit?: string;
  html?: string;
  expect?: number;
  /** --output-mode: the permission bits of the files written (the writers default to 0600). */
  outputMode?: number;
}

const MERGE_OUTPUTS = ['report', 'metrics', 'junit', 'html'] as const;

/** Parses the words after `certbook report`. */
export function parseReportOptions(argv: readonly string[]): { options?: ReportOptions; problems: CliProblem[] } {
  const parsed = parseOptions(argv, REPORT_COMMAND.options);
  const v = parsed.values;
  if (v.help === true) return { options: { help: true, action: 'html', reports: [], output: '' }, problems: [] };
  const problems = [...parsed.problems];
  const [action, ...reports] = parsed.positionals;
  const usage = 'certbook report merge shard-*.json --report fleet.json, or certbook report html report.json -o fleet.html';
  if (action !== 'html' && action !== 'merge') {
    problems.push(badOption('ACTION', action === undefined ? 'no action given' : `unknown action \`${action}\``, usage));
    return { problems };
  }
  if (reports.length === 0) problems.push(badOption('REPORT', 'no report given', usage));
  const str = (key: string): string | undefined => (typeof v[key] === 'string' ? v[key] : undefined);
  const options: ReportOptions = { help: false, action, reports, output: str('output') ?? '' };
  const mode = str('outputMode') === undefined ? undefined : parseOutputMode(str('outputMode')!);
  if (typeof mode === 'object') problems.push(mode);
  else if (mode !== undefined) options.outputMode = mode;
  if (action === 'html') {
    if (options.output === '') problems.push(badOption('--output', 'the HTML file to write is required', 'add -o fleet.html'));
    for (const key of [...MERGE_OUTPUTS, 'expect']) {
      if (v[key] !== undefined)
        problems.push(badOption(`--${key}`, `--${key} is an option of certbook report merge`, 'certbook report html takes -o FILE only'));
    }
    return problems.length > 0 ? { problems } : { options, problems };
  }
  if (str('output') !== undefined)
    problems.push(
      badOption('-o', '-o is an option of certbook report html', 'certbook report merge writes --report, --metrics, --junit and --html'),
    );
  for (const key of MERGE_OUTPUTS) if (str(key) !== undefined) options[key] = str(key)!;
  if (MERGE_OUTPUTS.every((key) => options[key] === undefined)) {
    problems.push(
      badOption('--report', 'certbook report merge needs an output', 'add --report fleet.json (and/or --metrics, --junit, --html)'),
    );
  }
  const expect = str('expect');
  if (expect !== undefined) {
    if (Number(expect) > MAX_SHARDS)
      problems.push(badOption('--expect', `--expect ${expect}: N is at most ${MAX_SHARDS}`, 'give the N of --shard I/N'));
    else options.expect = Number(expect);
  }
  return problems.length > 0 ? { problems } : { options, problems };
}
