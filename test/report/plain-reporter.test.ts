import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunEvent } from '../../src/events/run-events.js';
import { createPlainReporter } from '../../src/report/plain-reporter.js';
import {
  delegateRun,
  demoRun,
  diffRun,
  handlersRun,
  miscRun,
  noHostsRun,
  noLogRun,
  rescueRun,
  secondRun,
  unreachableRun,
  verboseRun,
} from './captured-runs.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'ansible-output');

function fixture(name: string): string {
  return readFileSync(join(fixtures, name), 'utf8');
}

/** What ansible-playbook's callback printed: from the first banner on (the CLI's own preamble cut). */
function callbackOutput(name: string, from = '\nPLAY ['): string {
  const text = fixture(name);
  const start = text.indexOf(from);
  assert.ok(start >= 0, `${name} has no ${JSON.stringify(from)}`);
  return text.slice(start);
}

function render(events: RunEvent[], verbosity = 0): { out: string; err: string } {
  let out = '';
  let err = '';
  const listener = createPlainReporter({ write: (t) => (out += t), writeError: (t) => (err += t), verbosity });
  for (const event of events) listener(event);
  return { out, err };
}

test('a run prints like ansible-playbook: statuses, ignoring, debug, recap', () => {
  assert.equal(render(demoRun()).out, fixture('expected-plain.txt'));
});

test('unreachable hosts, a debug var and loop items print like ansible-playbook', () => {
  assert.equal(render(secondRun()).out, fixture('expected-plain-2.txt'));
});

const v0 = {
  hi: { h1: ['0:00:00.001000', '2026-11-28 17:00:00.000000'], h2: ['0:00:00.001000', '2026-11-28 17:00:00.000000'] },
  fail: ['0:00:00.007802', '2026-11-28 17:51:31.447135'],
  loopA: ['0:00:00.001000', '2026-11-28 17:00:00.000000'],
  loopB: ['0:00:00.001000', '2026-11-28 17:00:00.000000'],
  itemTrue: ['0:00:00.001000', '2026-11-28 17:00:00.000000'],
  itemFalse: ['0:00:00.007190', '2026-11-28 17:51:32.663019'],
  hiFirst: 'h2',
  dictFirst: 'h2',
} as const;

test('loops at -v0: skipped items with their trailing space, failed items, dict labels, debug items', () => {
  assert.equal(render(verboseRun(structuredClone(v0) as never)).out, fixture('reporter/verbose0.stdout.txt'));
});

test('-v adds every result as one line of JSON, skipped items get the double space', () => {
  const timings = {
    hi: { h1: ['0:00:00.004175', '2026-11-28 17:51:33.563741'], h2: ['0:00:00.003719', '2026-11-28 17:51:33.559544'] },
    fail: ['0:00:00.002926', '2026-11-28 17:51:33.783930'],
    loopA: ['0:00:00.003785', '2026-11-28 17:51:34.005349'],
    loopB: ['0:00:00.003664', '2026-11-28 17:51:34.161502'],
    itemTrue: ['0:00:00.003399', '2026-11-28 17:51:34.372940'],
    itemFalse: ['0:00:00.003073', '2026-11-28 17:51:34.520737'],
    hiFirst: 'h2',
    dictFirst: 'h1',
  };
  assert.equal(render(verboseRun(timings as never), 1).out, callbackOutput('reporter/verbose1.stdout.txt'));
});

test('-vv adds the playbook banner, the play count and each task path', () => {
  const timings = {
    hi: { h1: ['0:00:00.003890', '2026-11-28 17:51:35.317774'], h2: ['0:00:00.003868', '2026-11-28 17:51:35.331400'] },
    fail: ['0:00:00.003158', '2026-11-28 17:51:35.517034'],
    loopA: ['0:00:00.003515', '2026-11-28 17:51:35.739493'],
    loopB: ['0:00:00.005240', '2026-11-28 17:51:35.892728'],
    itemTrue: ['0:00:00.003176', '2026-11-28 17:51:36.086355'],
    itemFalse: ['0:00:00.003443', '2026-11-28 17:51:36.231217'],
    hiFirst: 'h1',
    dictFirst: 'h1',
  };
  assert.equal(render(verboseRun(timings as never), 2).out, callbackOutput('reporter/verbose2.stdout.txt', '\nPLAYBOOK: '));
});

test('-vvv shows results indented by 4, with their diff', () => {
  const { out } = render(diffRun(), 3);
  const line = out.split('\n').findIndex((l) => l.startsWith('changed: [h1] => {'));
  assert.ok(line > 0);
  assert.ok(out.includes('\n    "changed": true,\n'));
  assert.ok(out.includes('\n    "diff": [\n'));
});

test('delegated tasks show the delegate, not when delegated to the host itself', () => {
  assert.equal(render(delegateRun()).out, callbackOutput('reporter/delegate.stdout.txt'));
  const timings = [
    ['0:00:00.004274', '2026-11-28 17:51:41.399521'],
    ['0:00:00.011915', '2026-11-28 17:51:41.741988'],
    ['0:00:00.013501', '2026-11-28 17:51:42.241104'],
  ];
  assert.equal(render(delegateRun(timings as never), 1).out, callbackOutput('reporter/delegate-v.stdout.txt'));
});

test('handlers run under RUNNING HANDLER banners', () => {
  assert.equal(render(handlersRun()).out, fixture('reporter/handlers.stdout.txt'));
});

test('a rescued failure prints fatal without ...ignoring and counts as rescued', () => {
  assert.equal(render(rescueRun()).out, fixture('reporter/rescue.stdout.txt'));
});

test('--diff prints unified diffs before the changed line, with the no-newline marker', () => {
  assert.equal(render(diffRun()).out, fixture('reporter/diff-check.stdout.txt'));
});

test('no hosts matched, and warnings wrapped to 79 columns on stderr', () => {
  const { out, err } = render(noHostsRun());
  assert.equal(out, fixture('reporter/nohosts.stdout.txt'));
  assert.equal(err, fixture('reporter/nohosts.stderr.txt'));
});

test('no_log results print censored, loop labels hidden', () => {
  assert.equal(render(noLogRun()).out, fixture('reporter/nolog.stdout.txt'));
  assert.equal(render(noLogRun(), 1).out, callbackOutput('reporter/nolog-v.stdout.txt'));
});

test('unreachable, ignored once, then not', () => {
  assert.equal(render(unreachableRun()).out, fixture('reporter/unreach.stdout.txt'));
});

test('verbosity-gated debug, until retries, loops failing on every host', () => {
  const v0Run = miscRun({
    retry: ['0:00:00.003691', '2026-11-28 17:52:38.142769'],
    notify: ['0:00:00.001000', '2026-11-28 17:00:00.000000'],
    h1: ['0:00:00.012098', '2026-11-28 17:52:39.102354'],
    h2: ['0:00:00.015048', '2026-11-28 17:52:39.100685'],
  });
  assert.equal(render(v0Run).out, fixture('reporter/misc.stdout.txt'));
  const v1Run = miscRun({
    retry: ['0:00:00.005822', '2026-11-28 17:52:41.676777'],
    notify: ['0:00:00.004526', '2026-11-28 17:52:41.903477'],
    h1: ['0:00:00.004524', '2026-11-28 17:52:42.156498'],
    h2: ['0:00:00.004723', '2026-11-28 17:52:42.155943'],
  });
  assert.equal(render(v1Run, 1).out, callbackOutput('reporter/misc-v.stdout.txt'));
});

test('a looped include prints one `included:` line per item, with the label, as ansible-playbook 2.14 does', () => {
  const task = { play: 1, id: 't1', name: 'include once per item', section: 'tasks' as const, step: 'include_tasks' };
  const { out } = render([
    { kind: 'task_start', task, hosts: ['h1', 'h2', 'h3'] },
    { kind: 'host_result', task, host: 'h1', status: 'ok', ignored: false, result: { changed: false, results: [{}, {}] }, durationMs: 1 },
    {
      kind: 'host_result',
      task,
      host: 'h3',
      status: 'skipped',
      ignored: false,
      result: { changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] },
      durationMs: 1,
    },
    { kind: 'included', task, file: '/p/tasks/include-item.yaml', hosts: ['h1', 'h2'], item: 'A' },
    { kind: 'included', task, file: '/p/tasks/include-item.yaml', hosts: ['h1'], item: 'B' },
  ]);
  // Lines as ansible-playbook printed them for test/fixtures/keywords/include-loops.yaml.
  assert.deepEqual(out.slice(out.indexOf('skipping')).split('\n'), [
    'skipping: [h3]',
    'included: /p/tasks/include-item.yaml for h1, h2 => (item=A)',
    'included: /p/tasks/include-item.yaml for h1 => (item=B)',
    '',
  ]);
});

test('a publish loop prints one line per host, not one per row; a failed item still prints on its own', () => {
  const task = { play: 1, id: 't2', name: 'Publish the certificates', section: 'tasks' as const, step: 'publish' };
  const item = (host: string, status: 'ok' | 'skipped' | 'failed', label: string, result: Record<string, unknown>): RunEvent => ({
    kind: 'item_result',
    task,
    host,
    status,
    label,
    result,
  });
  const ok = { changed: false, table: 'certificates', added: 1 };
  const { out } = render([
    { kind: 'task_start', task, hosts: ['h1', 'h2'] },
    item('h1', 'ok', '/a.crt', ok),
    item('h1', 'ok', '/b.crt', ok),
    item('h1', 'skipped', '/c.crt', { changed: false, skipped: true }),
    {
      kind: 'host_result',
      task,
      host: 'h1',
      status: 'ok',
      ignored: false,
      result: { changed: false, results: [ok, ok, { changed: false, skipped: true }] },
      durationMs: 1,
    },
    item('h2', 'ok', '/a.crt', ok),
    item('h2', 'failed', '/bad.crt', { changed: false, failed: true, msg: 'row values must be scalars' }),
    {
      kind: 'host_result',
      task,
      host: 'h2',
      status: 'failed',
      ignored: false,
      result: { changed: false, failed: true, results: [ok, { changed: false, failed: true }], msg: 'One or more items failed' },
      durationMs: 1,
    },
  ]);
  const lines = out.split('\n').filter((l) => /^(ok|skipping|failed|fatal)/.test(l));
  assert.equal(lines[0], 'ok: [h1] => (published 2 rows to certificates, 1 item skipped)');
  assert.match(lines[1]!, /^failed: \[h2\] \(item=\/bad\.crt\) => /);
  assert.equal(lines.length, 2, out);
});

test('a result of another task than the last banner gets its banner again (the free strategy), as ansible-playbook does', () => {
  const task = (id: string, name: string) => ({ play: 0, id, name, section: 'tasks' as const, step: 'debug' });
  const result = (id: string, name: string, host: string): RunEvent => ({
    kind: 'host_result',
    task: task(id, name),
    host,
    status: 'ok',
    ignored: false,
    result: { changed: false, msg: name },
    durationMs: 1,
  });
  const { out } = render([
    { kind: 'task_start', task: task('1', 'one'), hosts: [] },
    result('1', 'one', 'a'),
    { kind: 'task_start', task: task('2', 'two'), hosts: [] },
    result('2', 'two', 'a'),
    result('1', 'one', 'b'),
    result('1', 'one', 'c'),
  ]);
  const banners = out.split('\n').filter((l) => l.startsWith('TASK ['));
  assert.deepEqual(
    banners.map((l) => l.replace(/ \*+$/, '')),
    ['TASK [one]', 'TASK [two]', 'TASK [one]'],
  );
  assert.match(out, /TASK \[one\][^\n]*\nok: \[b\][\s\S]*ok: \[c\]/);
});
