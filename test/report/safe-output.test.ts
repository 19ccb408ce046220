/**
 * Hostile host data and planted secrets, through every reporter and artifact: nothing a terminal
 * would interpret is written raw, lines stay bounded, and no secret value appears anywhere.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { censorResult, containsSecret, MASK, NO_LOG_CENSORED, redactText, redactValue } from '../../src/events/redact.js';
import type { RunEvent } from '../../src/events/run-events.js';
import { openEventsFile } from '../../src/report/events-file.js';
import { createJsonReporter } from '../../src/report/json-reporter.js';
import { formatJunit } from '../../src/report/junit.js';
import { createPlainReporter } from '../../src/report/plain-reporter.js';
import { createReportBuilder } from '../../src/report/report-builder.js';
import { capLines, escapeControls } from '../../src/report/safe-text.js';
import { createTtyReporter } from '../../src/report/tty-reporter.js';
import { reportJson } from '../../src/report/write-report.js';
import { fakeTerminal } from './fake-terminal.js';
import { RunScript } from './run-script.js';

const dir = mkdtempSync(join(tmpdir(), 'certbook-safe-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Raw characters no output may contain (tab and newline are layout, not commands). */
const INTERPRETED = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = 'title\x1b]0;pwned\x07 clear\x1b[2J csi\x9b31m bidi\u202etxt.exe del\x7f cr\roverwrite sep\u2028';

const SECRET = 'hunter2-Sup3r';
const SHORT = 'pw';

function hostileRun(): RunEvent[] {
  return new RunScript()
    .start(['web\x1b[1m'])
    .play(`play ${HOSTILE}`, ['web\x1b[1m'])
    .taskStart(`task ${HOSTILE}\nsecond line`, 'command', { hosts: ['web\x1b[1m'] })
    .result('web\x1b[1m', 'changed', {
      changed: true,
      stdout: HOSTILE,
      [`key ${HOSTILE}`]: 1,
      diff: [{ before: `${HOSTILE}\n`, after: 'clean\n' }],
    })
    .taskStart('loop', 'debug', { hosts: ['web\x1b[1m'] })
    .item('web\x1b[1m', 'ok', `label ${HOSTILE}`, { changed: false, msg: HOSTILE })
    .result('web\x1b[1m', 'ok', { changed: false, results: [] })
    .warning(`warn ${HOSTILE}`)
    .records(`t${HOSTILE}`, 'web\x1b[1m', [{ value: HOSTILE }])
    .end({ 'web\x1b[1m': [2, 1, 0, 0, 0, 0, 0] });
}

function secretRun(): RunEvent[] {
  return new RunScript()
    .start(['h1'])
    .play(`deploy ${SECRET}`, ['h1'])
    .taskStart(`use ${SECRET}`, 'command', { hosts: ['h1'] })
    .result('h1', 'failed', {
      changed: false,
      msg: `sudo: wrong password ${SECRET}`,
      stdout: `x${SECRET}y`,
      [SECRET]: SHORT,
      nested: [{ deep: SECRET }],
      diff: [{ before: `${SECRET}\n`, after: '\n' }],
    })
    .taskStart('loop', 'command', { hosts: ['h1'] })
    .item('h1', 'changed', `item ${SECRET}`, { changed: true, item: SECRET })
    .result('h1', 'changed', { changed: true, results: [{ item: SECRET }] })
    .warning(`leaked ${SECRET}`, 'h1')
    .records('creds', 'h1', [{ password: SECRET, user: 'root' }])
    .end({ h1: [1, 1, 0, 1, 0, 0, 0] }, { exitCode: 2 });
}

let eventFiles = 0;

/** Every artifact every reporter makes of `events`, as text. */
async function everyArtifact(events: RunEvent[], secrets: string[] = []): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const verbosity of [0, 1, 3]) {
    let text = '';
    const plain = createPlainReporter({ write: (t) => (text += t), verbosity, secrets });
    for (const e of events) plain(e);
    out[`plain -v${verbosity}`] = text;
  }
  let json = '';
  const jsonReporter = createJsonReporter({ write: (t) => (json += t), secrets });
  const terminal = fakeTerminal();
  const tty = createTtyReporter({ stream: terminal.stream, verbosity: 1, secrets });
  const builder = createReportBuilder({ certbookVersion: '0.1.0', secrets });
  const eventsPath = join(dir, `events-${++eventFiles}.jsonl`);
  const file = openEventsFile(eventsPath, { secrets });
  for (const e of events) [jsonReporter, tty.listener, builder.listener, file.listener].forEach((l) => l(e));
  await tty.close();
  file.close();
  Object.assign(out, { json, tty: terminal.text(), report: reportJson(builder.build()), junit: formatJunit(builder.build()) });
  out['events file'] = readFileSync(eventsPath, 'utf8');
  return out;
}

test('terminal controls from hosts are escaped in every output; JSON outputs still parse to the data', async () => {
  const outputs = await everyArtifact(hostileRun());
  for (const [name, text] of Object.entries(outputs)) {
    const body = name === 'tty' ? text.replace(/\x1b\[(?:\?25[lh]|2K|1A|G)/g, '') : text;
    assert.ok(!INTERPRETED.test(body), `${name} contains a raw control: ${JSON.stringify(body.match(INTERPRETED))}`);
    assert.ok(body.includes('\\u001b') || body.includes('\\u009b'), `${name} shows the escapes`);
  }
  const first = JSON.parse(outputs.json!.split('\n').find((l) => l.includes('"host_result"'))!) as { result: { stdout: string } };
  assert.equal(first.result.stdout, HOSTILE);
  assert.ok(outputs['plain -v0']!.includes('TASK [task title\\u001b]0;pwned\\u0007'));
  assert.ok(!outputs['plain -v0']!.includes('\nsecond line'), 'a newline in a name cannot forge a line');
});

test('absurdly long lines are cut with a note, short ones untouched', () => {
  let text = '';
  const listener = createPlainReporter({ write: (t) => (text += t), verbosity: 1, maxLineLength: 1000 });
  const events = new RunScript()
    .start(['h'])
    .play('p', ['h'])
    .taskStart('t')
    .result('h', 'ok', { changed: false, stdout: 'y'.repeat(1_000_000) })
    .end({ h: [1, 0, 0, 0, 0, 0, 0] });
  for (const e of events) listener(e);
  const lines = text.split('\n');
  const cut = lines.find((l) => l.startsWith('ok: [h] => '))!;
  assert.ok(cut.length < 1100 && /more characters not shown\]$/.test(cut));
  assert.ok(text.includes('PLAY RECAP'));
  assert.equal(capLines('short\nlines', 10), 'short\nlines');
  assert.equal(escapeControls('tab\tnl\n'), 'tab\tnl\n');
  assert.equal(escapeControls('tab\tnl\n', { keepNewlines: false, keepTabs: false }), 'tab\\u0009nl\\u000a');
});

test('planted secrets appear in no output of any reporter, in values, keys, names, labels, warnings or records', async () => {
  const outputs = await everyArtifact(secretRun(), [SECRET, SHORT]);
  for (const [name, text] of Object.entries(outputs)) {
    assert.ok(!text.includes(SECRET) && !text.includes('hunter2'), `${name} leaks the secret`);
    assert.ok(text.includes(MASK), `${name} shows the mask`);
  }
  const report = JSON.parse(outputs.report!) as { plays: Array<{ tasks: Array<{ results: Array<{ result: Record<string, unknown> }> }> }> };
  assert.equal(report.plays[0]!.tasks[0]!.results[0]!.result[MASK], MASK, 'a short secret is masked where it is the whole value');
  assert.ok(
    outputs['plain -v0']!.includes(
      `fatal: [h1]: FAILED! => {"********": "********", "changed": false, "msg": "sudo: wrong password ********"`,
    ),
  );
});

test('a secret learnt during the run is masked in what is printed after, and in the report at the end', () => {
  const secrets = new Set<string>();
  let text = '';
  const plain = createPlainReporter({ write: (t) => (text += t), verbosity: 1, secrets });
  const builder = createReportBuilder({ certbookVersion: '0.1.0', secrets });
  const events = secretRun();
  events.forEach((e, i) => {
    if (i === 2) secrets.add(SECRET);
    plain(e);
    builder.listener(e);
  });
  assert.ok(text.slice(0, text.indexOf('TASK [')).includes(SECRET), 'the play banner came before the secret was known');
  assert.ok(!text.slice(text.indexOf('TASK [')).includes(SECRET));
  assert.ok(!reportJson(builder.build()).includes(SECRET));
});

test('redaction: longest secret first, short secrets only whole, cycles cut, no_log results censored as Ansible words it', () => {
  assert.equal(redactText('abc-abcdef', ['abc', 'abcdef']), `${MASK}-${MASK}`);
  assert.equal(redactText('a pw in text', ['pw']), 'a pw in text');
  assert.equal(redactText('pw', ['pw']), MASK);
  const cyclic: Record<string, unknown> = { a: SECRET };
  cyclic.self = cyclic;
  assert.deepEqual(redactValue(cyclic, [SECRET]), { a: MASK, self: '[circular]' });
  assert.equal(containsSecret(`x${SECRET}`, [SECRET]), true);
  const hidden = censorResult({ changed: true, failed: true, msg: `bad ${SECRET}`, stdout: SECRET, attempts: 2 }, [SECRET]);
  assert.deepEqual(hidden, { censored: NO_LOG_CENSORED, attempts: 2, changed: true, failed: true, msg: `bad ${MASK}` });
  assert.deepEqual(censorResult({ changed: false, msg: 'x' }, [], { keepMsg: false }), { censored: NO_LOG_CENSORED, changed: false });
  assert.equal(NO_LOG_CENSORED, "the output has been hidden due to the fact that 'no_log: true' was specified for this result");
});
