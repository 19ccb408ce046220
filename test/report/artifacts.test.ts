import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import type { RunEvent } from '../../src/events/run-events.js';
import { writeFileAtomic } from '../../src/report/atomic-write.js';
import { openEventsFile } from '../../src/report/events-file.js';
import { createJsonReporter } from '../../src/report/json-reporter.js';
import { formatJunit, writeJunit } from '../../src/report/junit.js';
import { createMemoryReporter } from '../../src/report/memory-reporter.js';
import { createReportBuilder } from '../../src/report/report-builder.js';
import type { RunReport } from '../../src/report/run-report.js';
import { reportJson, writeReport } from '../../src/report/write-report.js';
import { demoRun, noLogRun, rescueRun, secondRun, unreachableRun, verboseRun } from './captured-runs.js';
import { RunScript } from './run-script.js';
import { findAll, parseXml } from './xml-check.js';

const dir = mkdtempSync(join(tmpdir(), 'certbook-report-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schemas', 'report.schema.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
formats.default(ajv);
const validate = ajv.compile(schema);

function clock(): () => Date {
  let t = Date.parse('2026-11-28T17:00:00.000Z');
  return () => new Date((t += 250));
}

function buildReport(events: RunEvent[], stopAfter = events.length): RunReport {
  const builder = createReportBuilder({ certbookVersion: '0.1.0', now: clock() });
  for (const event of events.slice(0, stopAfter)) builder.listener(event);
  return builder.build();
}

const timings = {
  hi: { h1: ['0:00:00.001000', '2026-11-28 17:00:00.000000'], h2: ['0:00:00.001000', '2026-11-28 17:00:00.000000'] },
  fail: ['0:00:00.001000', '2026-11-28 17:00:00.000000'],
  loopA: ['0:00:00.001000', '2026-11-28 17:00:00.000000'],
  loopB: ['0:00:00.001000', '2026-11-28 17:00:00.000000'],
  itemTrue: ['0:00:00.001000', '2026-11-28 17:00:00.000000'],
  itemFalse: ['0:00:00.001000', '2026-11-28 17:00:00.000000'],
  hiFirst: 'h1',
  dictFirst: 'h1',
};
const runs: Record<string, RunEvent[]> = {
  demo: demoRun(),
  second: secondRun(),
  verbose: verboseRun(timings as never),
  rescue: rescueRun(),
  nolog: noLogRun(),
  unreachable: unreachableRun(),
  records: new RunScript()
    .start(['a', 'b'])
    .play('p', ['a', 'b'])
    .taskStart('publish', 'publish', { hosts: ['a', 'b'], line: 3 })
    .records('certs', 'b', [{ path: '/y', days: 4 }])
    .result('b', 'ok', { changed: false })
    .records('certs', 'a', [{ path: '/x', days: null }])
    .result('a', 'ok', { changed: false })
    .warning('expiring soon', 'a')
    .end({ a: [1, 0, 0, 0, 0, 0, 0], b: [1, 0, 0, 0, 0, 0, 0] }),
};

for (const [name, events] of Object.entries(runs)) {
  test(`the ${name} run's report validates against schemas/report.schema.json`, () => {
    const report = buildReport(events);
    assert.ok(validate(report), ajv.errorsText(validate.errors));
    assert.ok(validate(JSON.parse(reportJson(report))), 'the file form validates too');
    assert.equal(report.complete, true);
  });
}

test('a report holds plays, tasks with positions, every host result, loop items nested, stats and records', () => {
  const report = buildReport(runs.verbose!);
  assert.equal(report.plays.length, 1);
  const tasks = report.plays[0]!.tasks;
  assert.deepEqual(
    tasks.map((t) => t.pos?.line),
    [5, 8, 11, 15, 17, 19, 24, 28, 33],
  );
  assert.equal(tasks.flatMap((t) => t.results).length, 18);
  const loop = tasks.find((t) => t.name === 'loop fail item')!.results.find((r) => r.host === 'h1')!;
  assert.deepEqual(
    loop.items!.map((i) => [i.label, i.status]),
    [
      ['true', 'changed'],
      ['false', 'failed'],
    ],
  );
  assert.equal(loop.ignored, true);
  assert.deepEqual(report.stats.h2, { ok: 4, changed: 1, unreachable: 0, failed: 0, skipped: 5, rescued: 0, ignored: 1 });
  assert.ok(tasks.every((t) => t.durationMs !== null && t.durationMs >= 0));
  assert.equal(report.certbook.version, '0.1.0');
  const withRecords = buildReport(runs.records!);
  assert.deepEqual(
    withRecords.records.certs!.rows.map((r) => r.host),
    ['a', 'b'],
  );
  assert.deepEqual(withRecords.warnings, [{ message: 'expiring soon', host: 'a' }]);
  assert.equal(buildReport(runs.rescue!).plays[0]!.tasks[0]!.results[0]!.rescued, true);
});

test('a report of a run that never ended says so, keeps the loop items it saw, and still validates', () => {
  const events = runs.verbose!;
  const midLoop = events.findIndex((e) => e.kind === 'item_result' && e.status === 'failed') + 1;
  const report = buildReport(events, midLoop);
  assert.equal(report.complete, false);
  assert.equal(report.exitCode, null);
  const partial = report.plays[0]!.tasks.at(-1)!.results.find((r) => r.incomplete);
  assert.deepEqual(
    partial?.items?.map((i) => i.status),
    ['changed', 'failed'],
  );
  assert.ok(validate(report), ajv.errorsText(validate.errors));
});

test('the report file is written atomically with mode 0600, replacing the old one, leaving no temporary file', () => {
  const path = join(dir, 'report.json');
  writeFileSync(path, 'old', { mode: 0o644 });
  writeReport(path, buildReport(runs.demo!));
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal((JSON.parse(readFileSync(path, 'utf8')) as RunReport).exitCode, 0);
  writeReport(path, buildReport(runs.demo!), { mode: 0o640 });
  assert.equal(statSync(path).mode & 0o777, 0o640);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes('.tmp')),
    [],
  );
});

test('an atomic write that fails leaves the old file as it was and no temporary file', () => {
  const path = join(dir, 'keep.json');
  writeFileSync(path, 'precious');
  const asDirectory = join(dir, 'sub');
  writeFileSync(asDirectory, 'a file where a directory is expected');
  assert.throws(() => writeFileAtomic(join(asDirectory, 'x.json'), 'data'));
  assert.throws(() => writeFileAtomic(dir, 'data'), 'renaming over a directory fails');
  assert.equal(readFileSync(path, 'utf8'), 'precious');
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes('.tmp')),
    [],
  );
});

test('JUnit: well-formed, one testcase per host and task, failures, errors and skips counted', () => {
  const xml = formatJunit(buildReport(runs.second!));
  const root = parseXml(xml);
  assert.equal(root.name, 'testsuites');
  assert.deepEqual([root.attrs.tests, root.attrs.failures, root.attrs.errors, root.attrs.skipped], ['7', '1', '1', '2']);
  const cases = findAll(root, 'testcase');
  assert.equal(cases.length, 7);
  assert.ok(cases.every((c) => c.attrs.classname === 'second'));
  const failed = cases.find((c) => c.attrs.name === 'fail h1' && findAll(c, 'failure').length === 1)!;
  assert.equal(findAll(failed, 'property')[0]!.attrs.value, 'h1');
  assert.equal(findAll(failed, 'failure')[0]!.attrs.message, 'non-zero return code');
  assert.ok(findAll(failed, 'failure')[0]!.text.includes('"rc": 1'));
  assert.equal(findAll(root, 'error')[0]!.attrs.type, 'unreachable');
  assert.equal(findAll(root, 'skipped')[0]!.attrs.message, 'Conditional result was False');
});

test('JUnit: ignored and rescued failures pass; hostile names survive escaping exactly', () => {
  const hostile = 'x<y & "q" \'a\' ]]> \x1b[31m\ttab\nnl \ud800';
  const events = new RunScript()
    .start(['h<1>'])
    .play(hostile, ['h<1>'])
    .taskStart(hostile)
    .result('h<1>', 'failed', { changed: false, msg: hostile }, { ignored: true })
    .taskStart('r')
    .result('h<1>', 'failed', { changed: false, msg: 'x' }, { rescued: true })
    .end({ 'h<1>': [1, 0, 0, 0, 0, 1, 1] });
  const path = join(dir, 'junit.xml');
  writeJunit(path, buildReport(events));
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const root = parseXml(readFileSync(path, 'utf8'));
  assert.equal(root.attrs.failures, '0');
  const first = findAll(root, 'testcase')[0]!;
  // Newlines and tabs survive as character references; terminal controls and a lone surrogate are shown escaped.
  assert.equal(first.attrs.name, 'x<y & "q" \'a\' ]]> \\u001b[31m\ttab\nnl \\ud800');
  assert.equal(findAll(first, 'property')[0]!.attrs.value, 'h<1>');
  assert.ok(findAll(first, 'system-out')[0]!.text.startsWith('failed (ignored): '));
});

test('JSON lines: one event per line, each parses back to the event', () => {
  const lines: string[] = [];
  const listener = createJsonReporter({ write: (l) => lines.push(l), now: () => new Date('2026-11-28T17:00:00Z') });
  for (const event of runs.second!) listener(event);
  assert.equal(lines.length, runs.second!.length);
  lines.forEach((line, i) => {
    assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'));
    const { time, ...event } = JSON.parse(line) as Record<string, unknown>;
    assert.equal(time, '2026-11-28T17:00:00.000Z');
    assert.deepEqual(event, JSON.parse(JSON.stringify(runs.second![i])));
  });
});

test('the events file appends one line per event as it happens, mode 0600, across runs', () => {
  const path = join(dir, 'events.jsonl');
  for (let run = 0; run < 2; run++) {
    const file = openEventsFile(path);
    file.listener(runs.demo![0]!);
    assert.equal(readFileSync(path, 'utf8').trim().split('\n').length, run * runs.demo!.length + 1, 'written before the listener returned');
    for (const event of runs.demo!.slice(1)) file.listener(event);
    file.close();
    file.close();
    file.listener(runs.demo![0]!);
    assert.equal(file.error, undefined);
  }
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  assert.equal(lines.length, 2 * runs.demo!.length);
  assert.deepEqual(
    lines.map((l) => (JSON.parse(l) as { kind: string }).kind),
    [...runs.demo!, ...runs.demo!].map((e) => e.kind),
  );
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.throws(() => openEventsFile(join(dir, 'missing', 'events.jsonl')));
});

test('the memory reporter keeps copies, by kind', () => {
  const memory = createMemoryReporter();
  const events = runs.demo!;
  for (const event of events) memory.listener(event);
  assert.equal(memory.events.length, events.length);
  assert.equal(memory.ofKind('host_result').length, 10);
  assert.equal(memory.ofKind('run_end')[0]!.stats.h2!.ignored, 1);
  (events[0] as { playbook: string }).playbook = 'changed later';
  assert.equal(memory.ofKind('run_start')[0]!.playbook, 'pb.yaml');
  memory.clear();
  assert.equal(memory.events.length, 0);
});
