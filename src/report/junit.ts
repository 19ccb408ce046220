/**
 * `--junit FILE.xml`: the run as JUnit XML, so CI systems show each host's task as a test. One
 * `<testsuite>` per play and one `<testcase>` per host and task (classname = play, name = task,
 * the host as a `host` property, as pytest records properties): `<failure>` for a failed host,
 * `<error>` for an unreachable one, `<skipped/>` for a skipped one. Ignored and rescued failures
 * pass, with what happened in `<system-out>`.
 */

import { redactValue, type Secrets } from '../events/redact.js';
import { pythonJson } from '../python/python-values.js';
import { type OutputStreams, writeOutputFile } from './output-file.js';
import type { HostTaskResult, PlayReport, RunReport, TaskReport } from './run-report.js';
import { capLines, escapeControls } from './safe-text.js';

/** Longest result body inside a failure; the JSON report has the rest. */
const MAX_BODY = 64 * 1024;

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

/** The JUnit XML document for `report`. */
export function formatJunit(report: RunReport, secrets: Secrets = []): string {
  const safe = redactValue(report, secrets);
  const suites = safe.plays.map((play) => suiteXml(play));
  const total = sum(safe.plays.map(countPlay));
  const time = seconds(safe.durationMs);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(`certbook ${safe.playbook}`)}" ${countAttrs(total)} time="${time}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/** Writes the JUnit XML for `report` to `path` atomically (mode 0600 unless asked otherwise). */
export function writeJunit(path: string, report: RunReport, options: OutputStreams & { mode?: number; secrets?: Secrets } = {}): void {
  writeOutputFile(path, formatJunit(report, options.secrets), options);
}

function suiteXml(play: PlayReport): string {
  const cases = play.tasks.flatMap((task) => task.results.map((r) => caseXml(play, task, r)));
  const head = `  <testsuite name="${attr(play.name)}" ${countAttrs(countPlay(play))} time="${seconds(play.durationMs)}" timestamp="${attr(play.startedAt)}">`;
  return [head, ...cases, '  </testsuite>'].join('\n');
}

function caseXml(play: PlayReport, task: TaskReport, r: HostTaskResult): string {
  const where = task.pos ? ` file="${attr(task.pos.file)}" line="${task.pos.line}"` : '';
  const open = `    <testcase classname="${attr(play.name)}" name="${attr(task.name)}" time="${seconds(r.durationMs)}"${where}>`;
  const props = `      <properties><property name="host" value="${attr(r.host)}"/>${
    r.delegatedTo ? `<property name="delegated_to" value="${attr(r.delegatedTo)}"/>` : ''
  }</properties>`;
  return [open, props, ...outcomeXml(r), '    </testcase>'].join('\n');
}

function outcomeXml(r: HostTaskResult): string[] {
  const msg = typeof r.result.msg === 'string' ? r.result.msg : '';
  switch (r.status) {
    case 'skipped': {
      const reason = r.result.skip_reason ?? r.result.skipped_reason;
      return [`      <skipped${typeof reason === 'string' ? ` message="${attr(reason)}"` : ''}/>`];
    }
    case 'failed':
      if (r.ignored || r.rescued)
        return [`      <system-out>${text(`failed (${r.ignored ? 'ignored' : 'rescued'}): ${body(r)}`)}</system-out>`];
      return [`      <failure message="${attr(msg || 'failed')}" type="failed">${text(body(r))}</failure>`];
    case 'unreachable':
      if (r.ignored) return [`      <system-out>${text(`unreachable (ignored): ${body(r)}`)}</system-out>`];
      return [`      <error message="${attr(msg || 'unreachable')}" type="unreachable">${text(body(r))}</error>`];
    default:
      return [];
  }
}

function body(r: HostTaskResult): string {
  const json = pythonJson(r.result);
  return json.length > MAX_BODY ? capLines(json, MAX_BODY) : json;
}

function countPlay(play: PlayReport): Counts {
  const results = play.tasks.flatMap((t) => t.results);
  return {
    tests: results.length,
    failures: results.filter((r) => r.status === 'failed' && !r.ignored && !r.rescued).length,
    errors: results.filter((r) => r.status === 'unreachable' && !r.ignored).length,
    skipped: results.filter((r) => r.status === 'skipped').length,
  };
}

function sum(list: Counts[]): Counts {
  return list.reduce(
    (a, b) => ({
      tests: a.tests + b.tests,
      failures: a.failures + b.failures,
      errors: a.errors + b.errors,
      skipped: a.skipped + b.skipped,
    }),
    { tests: 0, failures: 0, errors: 0, skipped: 0 },
  );
}

function countAttrs(c: Counts): string {
  return `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}"`;
}

function seconds(ms: number | null): string {
  return ((ms ?? 0) / 1000).toFixed(3);
}

/**
 * Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/FFFF) are
 * written as visible `\uXXXX` text; terminal controls that XML allows are escaped the same way,
 * since CI pages and `cat` show this file too.
 */
function xmlSafe(value: string): string {
  return escapeControls(value).replace(
    /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Element text: `&`, `<`, `>` escaped. */
function text(value: string): string {
  return xmlSafe(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute value: also quotes, and line breaks and tabs as character references (kept through normalisation). */
function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
