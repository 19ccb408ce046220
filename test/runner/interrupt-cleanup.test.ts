/**
 * The cleanup of an interrupted run (src/runner/interrupt-cleanup.ts), in-process on local
 * hosts: after the interrupt nothing new starts but the `always:` sections of the blocks in
 * progress, innermost first, with `certbook_interrupted` true; `rescue:` does not run; the
 * cleanup has its own deadline, a further interrupt skips it, and `certbook_holds` says what it
 * released and what is left. Each interrupt is sent from an event listener at an exact task.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import type { RunEvent } from '../../src/events/run-events.js';
import { selectHosts } from '../../src/inventory/host-patterns.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { NO_TAG_FILTER } from '../../src/playbook/tags.js';
import type { RunOptions, RunSummary } from '../../src/runner/run-options.js';
import { runPlaybook } from '../../src/runner/run-playbook.js';
import { tempDir } from '../harness/temp-dir.js';

interface Interrupts {
  stop: AbortController;
  kill: AbortController;
  skip: AbortController;
}

/** Runs `tasks` (YAML lines of a play's task list) on hosts a and b; `onEvent` may interrupt. */
async function run(
  play: string[],
  onEvent: (e: RunEvent, i: Interrupts) => void,
  extra: Partial<RunOptions> = {},
): Promise<{ summary: RunSummary; events: RunEvent[]; ms: number }> {
  const dir = tempDir('certbook-cleanup-');
  writeFileSync(join(dir, 'inv.yaml'), 'all:\n  vars: {ansible_connection: local}\n  hosts: {a: {}, b: {}}\n');
  writeFileSync(join(dir, 'pb.yaml'), `${play.join('\n')}\n`);
  const problems = new ProblemList();
  const inventory = loadInventory([join(dir, 'inv.yaml')], problems);
  const playbook = loadPlaybook(join(dir, 'pb.yaml'), problems)!;
  assert.deepEqual(problems.items, []);
  const i: Interrupts = { stop: new AbortController(), kill: new AbortController(), skip: new AbortController() };
  const events: RunEvent[] = [];
  const started = Date.now();
  const summary = await runPlaybook(playbook, inventory, [selectHosts(inventory, 'all', problems)], {
    tags: NO_TAG_FILTER,
    check: false,
    diff: false,
    forks: 5,
    extraVars: {},
    verbosity: 0,
    listeners: [
      (e) => {
        events.push(e);
        onEvent(e, i);
      },
    ],
    signal: i.stop.signal,
    killSignal: i.kill.signal,
    skipCleanupSignal: i.skip.signal,
    ...extra,
  });
  return { summary, events, ms: Date.now() - started };
}

/** `task name` → host → status, in the order the results came. */
function ran(events: RunEvent[]): Array<[string, string, string]> {
  return events.flatMap((e) => (e.kind === 'host_result' ? [[e.task.name, e.host, e.status] as [string, string, string]] : []));
}

const taskStarts = (name: string) => (e: RunEvent) => e.kind === 'task_start' && e.task.name === name;

const PLAY = ['- hosts: all', '  gather_facts: false', '  tasks:'];

describe('the cleanup of an interrupted run', () => {
  test('runs the always: sections in progress, innermost first, and nothing else', async () => {
    const { summary, events } = await run(
      [
        ...PLAY,
        '    - name: outer',
        '      block:',
        '        - name: inner',
        '          block:',
        '            - {name: in flight, shell: "sleep 20"}',
        '            - {name: never 1, debug: {msg: no}}',
        '          rescue:',
        '            - {name: rescue never, debug: {msg: no}}',
        '          always:',
        '            - {name: inner always, debug: {msg: "interrupted={{ certbook_interrupted }}"}}',
        '            - name: inner always, nested block',
        '              block:',
        '                - {name: inner always nested, command: "true"}',
        '        - {name: never 2, debug: {msg: no}}',
        '      always:',
        '        - {name: outer always, debug: {msg: "interrupted={{ certbook_interrupted }}"}}',
        '    - {name: never 3, debug: {msg: no}}',
      ],
      (e, i) => {
        if (!taskStarts('in flight')(e)) return;
        i.stop.abort();
        // The second interrupt: the command in flight is killed, so it fails, and its block has a rescue.
        setImmediate(() => i.kill.abort());
      },
    );
    const names = [...new Set(ran(events).map(([t]) => t))];
    assert.deepEqual(
      ran(events)
        .filter(([t]) => t === 'in flight')
        .map(([, , s]) => s),
      ['failed', 'failed'],
    );
    assert.deepEqual(names, ['in flight', 'inner always', 'inner always nested', 'outer always'], 'no rescue, nothing after the interrupt');
    assert.deepEqual(
      ran(events)
        .filter(([t]) => t !== 'in flight')
        .map(([, , s]) => s),
      ['ok', 'ok', 'changed', 'changed', 'ok', 'ok'],
    );
    const shown = events.flatMap((e) => (e.kind === 'host_result' && e.task.name.endsWith('always') ? [e.result.msg] : []));
    assert.deepEqual(shown, ['interrupted=True', 'interrupted=True', 'interrupted=True', 'interrupted=True']);
    assert.equal(summary.exitCode, 99);
    assert.equal(summary.cleanup?.ended, 'done');
    assert.deepEqual(Object.keys(summary.cleanup?.hosts ?? {}), ['a', 'b']);
    assert.equal(summary.cleanup?.hosts.a?.status, 'cleaned');
    assert.equal(summary.cleanup?.hosts.a?.tasks, 3);
    const end = events.at(-1);
    assert.ok(end?.kind === 'run_end' && end.cleanup?.ended === 'done', 'run_end carries the cleanup');
  });

  test('says what it released (certbook_holds) and names what is still held', async () => {
    const { summary } = await run(
      [
        ...PLAY,
        '    - {name: hold, set_fact: {certbook_holds: [lock A, lock B]}}',
        '    - name: work',
        '      block:',
        '        - {name: in flight, command: "true"}',
        '      always:',
        '        - {name: release A, set_fact: {certbook_holds: [lock B]}}',
        '        - {name: release B fails on b, fail: {msg: "b cannot release B"}, when: inventory_hostname == "b"}',
        '        - {name: release B, set_fact: {certbook_holds: []}}',
      ],
      (e, i) => {
        if (taskStarts('in flight')(e)) i.stop.abort();
      },
    );
    assert.deepEqual(summary.cleanup?.hosts.a, { status: 'cleaned', tasks: 3, problems: [], released: ['lock A', 'lock B'], held: [] });
    const b = summary.cleanup?.hosts.b;
    assert.equal(b?.status, 'incomplete');
    assert.deepEqual(b?.released, ['lock A']);
    assert.deepEqual(b?.held, ['lock B']);
    assert.match(b?.problems.join('\n') ?? '', /release B fails on b: failed: b cannot release B/);
  });

  test('a failure of the interrupted task or in the cleanup stops neither the cleanup nor the other hosts (any_errors_fatal)', async () => {
    const { summary, events } = await run(
      [
        '- hosts: all',
        '  gather_facts: false',
        '  any_errors_fatal: true',
        '  tasks:',
        '    - name: work',
        '      block:',
        '        - {name: in flight, shell: "sleep 20"}',
        '      always:',
        '        - {name: first cleanup fails on a, fail: {msg: nope}, when: inventory_hostname == "a"}',
        '        - {name: second cleanup, debug: {msg: ran}}',
      ],
      (e, i) => {
        if (taskStarts('in flight')(e)) {
          i.stop.abort();
          // The second interrupt: the commands in flight are stopped, the cleanup still runs.
          setImmediate(() => i.kill.abort());
        }
      },
    );
    assert.deepEqual(
      ran(events)
        .filter(([t]) => t === 'in flight')
        .map(([, , s]) => s),
      ['failed', 'failed'],
    );
    assert.deepEqual(
      ran(events)
        .filter(([t]) => t === 'second cleanup')
        .map(([, h, s]) => `${h}:${s}`),
      ['b:ok'],
    );
    assert.equal(summary.cleanup?.hosts.a?.status, 'incomplete');
    assert.equal(summary.cleanup?.hosts.b?.status, 'cleaned');
  });

  test('has its own deadline: a cleanup command still running then is stopped and named', async () => {
    const { summary, events, ms } = await run(
      [
        ...PLAY,
        '    - name: work',
        '      block:',
        '        - {name: in flight, command: "true"}',
        '      always:',
        '        - {name: slow cleanup, shell: "sleep 30"}',
        '        - {name: never, debug: {msg: no}}',
      ],
      (e, i) => {
        if (taskStarts('in flight')(e)) i.stop.abort();
      },
      { cleanupTimeoutMs: 500 },
    );
    assert.ok(ms < 15_000, `the deadline held (${ms} ms)`);
    assert.deepEqual(
      ran(events)
        .filter(([t]) => t === 'slow cleanup')
        .map(([, , s]) => s),
      ['failed', 'failed'],
    );
    assert.ok(!ran(events).some(([t]) => t === 'never'));
    assert.equal(summary.cleanup?.ended, 'deadline');
    assert.equal(summary.cleanup?.hosts.a?.status, 'incomplete');
    assert.match(summary.cleanup?.hosts.a?.problems.join('\n') ?? '', /slow cleanup: failed/);
    assert.ok(
      events.some((e) => e.kind === 'warning' && /longer than 0 s|longer than 1 s/.test(e.message)),
      'the deadline is announced',
    );
  });

  test('a further interrupt skips it', async () => {
    const { summary, events, ms } = await run(
      [
        ...PLAY,
        '    - name: work',
        '      block:',
        '        - {name: in flight, command: "true"}',
        '      always:',
        '        - {name: slow cleanup, shell: "sleep 30"}',
        '        - {name: never, debug: {msg: no}}',
      ],
      (e, i) => {
        if (taskStarts('in flight')(e)) i.stop.abort();
        if (taskStarts('slow cleanup')(e)) setImmediate(() => i.skip.abort());
      },
    );
    assert.ok(ms < 15_000, `skipped at once (${ms} ms)`);
    assert.ok(!ran(events).some(([t]) => t === 'never'));
    assert.equal(summary.cleanup?.ended, 'skipped');
  });

  test('CERTBOOK_CLEANUP_TIMEOUT=0 (cleanupTimeoutMs 0) turns it off', async () => {
    const { summary, events } = await run(
      [
        ...PLAY,
        '    - {name: hold, set_fact: {certbook_holds: [lock A]}}',
        '    - name: work',
        '      block:',
        '        - {name: in flight, command: "true"}',
        '      always:',
        '        - {name: cleanup, debug: {msg: no}}',
      ],
      (e, i) => {
        if (taskStarts('in flight')(e)) i.stop.abort();
      },
      { cleanupTimeoutMs: 0 },
    );
    assert.ok(!ran(events).some(([t]) => t === 'cleanup'));
    assert.equal(summary.cleanup?.ended, 'disabled');
    assert.deepEqual(summary.cleanup?.hosts.a?.held, ['lock A']);
  });

  test('an until loop in flight stops retrying at the interrupt', async () => {
    const { events, ms } = await run(
      [
        ...PLAY,
        '    - name: work',
        '      block:',
        '        - {name: waits, command: "false", register: r, until: r.rc == 0, retries: 100, delay: 1}',
        '      always:',
        '        - {name: cleanup, debug: {msg: ran}}',
      ],
      (e, i) => {
        if (e.kind === 'retry') i.stop.abort();
      },
    );
    assert.ok(ms < 10_000, `stopped retrying (${ms} ms)`);
    const waited = events.find((e) => e.kind === 'host_result' && e.task.name === 'waits');
    assert.ok(waited?.kind === 'host_result');
    assert.match(String(waited.result.msg), /^interrupted after 1 attempt/);
    assert.deepEqual(
      ran(events)
        .filter(([t]) => t === 'cleanup')
        .map(([, , s]) => s),
      ['ok', 'ok'],
    );
  });

  test('a run that is not interrupted is as before: always: runs once, certbook_interrupted is false, no cleanup', async () => {
    const { summary, events } = await run(
      [
        ...PLAY,
        '    - name: work',
        '      block:',
        '        - {name: step, command: "true"}',
        '      always:',
        '        - {name: always, debug: {msg: "interrupted={{ certbook_interrupted }}"}}',
      ],
      () => undefined,
    );
    assert.equal(summary.exitCode, 0);
    assert.equal(summary.cleanup, undefined);
    assert.deepEqual(
      events.flatMap((e) => (e.kind === 'host_result' && e.task.name === 'always' ? [e.result.msg] : [])),
      ['interrupted=False', 'interrupted=False'],
    );
  });
});
