/**
 * An interrupt reaches every step, in-process on local hosts: the retries of an `until` loop and
 * the items of a `loop` stop at once, the hosts a task has not started on yet (more hosts than
 * forks) are not started, and after the grace period nothing at all is sent to a host, while
 * the `always:` cleanup still runs its loops and retries. Every command appends a line to a file
 * (`<file>`: one per attempt, item or host), so the lines count what reached the host.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import type { RunEvent } from '../../src/events/run-events.js';
import { selectHosts } from '../../src/inventory/host-patterns.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { NO_TAG_FILTER } from '../../src/playbook/tags.js';
import type { RunSummary } from '../../src/runner/run-options.js';
import { runPlaybook } from '../../src/runner/run-playbook.js';
import { tempDir } from '../harness/temp-dir.js';

interface Interrupts {
  stop: AbortController;
  kill: AbortController;
}

interface Ran {
  summary: RunSummary;
  events: RunEvent[];
  /** The lines the commands appended, by file name. */
  lines(file: string): string[];
}

/** Runs `play` (YAML lines; `<dir>` is a scratch directory) on `hosts`; `onEvent` may interrupt. */
async function run(play: string[], onEvent: (e: RunEvent, i: Interrupts) => void, { hosts = ['a'], forks = 5 } = {}): Promise<Ran> {
  const dir = tempDir('certbook-reach-');
  writeFileSync(
    join(dir, 'inv.yaml'),
    `all:\n  vars: {ansible_connection: local}\n  hosts: {${hosts.map((h) => `${h}: {}`).join(', ')}}\n`,
  );
  writeFileSync(join(dir, 'pb.yaml'), `${play.join('\n').replaceAll('<dir>', dir)}\n`);
  const problems = new ProblemList();
  const inventory = loadInventory([join(dir, 'inv.yaml')], problems);
  const playbook = loadPlaybook(join(dir, 'pb.yaml'), problems)!;
  assert.deepEqual(problems.items, []);
  const i: Interrupts = { stop: new AbortController(), kill: new AbortController() };
  const events: RunEvent[] = [];
  const summary = await runPlaybook(playbook, inventory, [selectHosts(inventory, 'all', problems)], {
    tags: NO_TAG_FILTER,
    check: false,
    diff: false,
    forks,
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
    skipCleanupSignal: new AbortController().signal,
  });
  const lines = (file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean) : []);
  return { summary, events, lines };
}

/** Both signals at once: the first interrupt and the end of the grace period. */
function interruptHard(i: Interrupts): void {
  i.stop.abort();
  i.kill.abort();
}

function resultOf(events: RunEvent[], task: string, host = 'a'): Record<string, unknown> {
  const found = events.find((e) => e.kind === 'host_result' && e.task.name === task && e.host === host);
  assert.ok(found?.kind === 'host_result', `a result of ${task} on ${host}`);
  return found.result;
}

const PLAY = ['- hosts: all', '  gather_facts: false', '  tasks:'];

describe('an interrupt reaches every step', () => {
  test('an until loop stops at the retry it is interrupted at: no attempt after it reaches the host', async () => {
    const { summary, events, lines } = await run(
      [
        ...PLAY,
        '    - name: waits',
        '      shell: echo attempt >> <dir>/attempts; exit 1',
        '      register: r',
        '      until: r.rc == 0',
        '      retries: 50',
        '      delay: 0',
      ],
      (e, i) => {
        if (e.kind === 'retry' && e.attempt === 3) interruptHard(i);
      },
    );
    assert.equal(summary.exitCode, 99);
    assert.equal(lines('attempts').length, 3);
    assert.match(String(resultOf(events, 'waits').msg), /^interrupted after 3 attempt\(s\)/);
  });

  test('an until loop interrupted during its delay stops at once, without waiting for the delay', async () => {
    const started = Date.now();
    const { lines } = await run(
      [
        ...PLAY,
        '    - {name: waits, shell: "echo attempt >> <dir>/attempts; exit 1", register: r, until: r.rc == 0, retries: 5, delay: 600}',
      ],
      (e, i) => {
        if (e.kind === 'retry') setImmediate(() => i.stop.abort());
      },
    );
    assert.equal(lines('attempts').length, 1);
    // Generous: the delay alone is 600 s.
    assert.ok(Date.now() - started < 60_000, 'the delay was cut short');
  });

  test('a loop stops at the item it is interrupted at, and says how far it got', async () => {
    const { summary, events, lines } = await run(
      [
        ...PLAY,
        '    - name: items',
        '      shell: echo {{ item }} >> <dir>/items',
        '      loop: "{{ range(20) | list }}"',
        '    - {name: never, shell: "echo never >> <dir>/never"}',
      ],
      (e, i) => {
        if (e.kind === 'item_result' && e.label === '2') interruptHard(i);
      },
    );
    assert.equal(summary.exitCode, 99);
    assert.deepEqual(lines('items'), ['0', '1', '2']);
    assert.deepEqual(lines('never'), []);
    const result = resultOf(events, 'items');
    assert.equal(result.msg, 'interrupted after 3 of 20 item(s)');
    assert.equal((result.results as unknown[]).length, 3);
  });

  test('an until loop inside each loop item: neither the retries nor the next items go on', async () => {
    const { lines } = await run(
      [
        ...PLAY,
        '    - name: items',
        '      shell: echo {{ item }} >> <dir>/attempts; exit 1',
        '      register: r',
        '      until: r.rc == 0',
        '      retries: 3',
        '      delay: 0',
        '      loop: [x, y, z]',
      ],
      (e, i) => {
        if (e.kind === 'retry' && e.attempt === 2) interruptHard(i);
      },
    );
    assert.deepEqual(lines('attempts'), ['x', 'x']);
  });

  test('with more hosts than forks, the hosts not started yet at the interrupt never start', async () => {
    const { events, lines } = await run(
      [...PLAY, '    - {name: one by one, shell: "echo {{ inventory_hostname }} >> <dir>/hosts"}'],
      (e, i) => {
        if (e.kind === 'host_result' && e.task.name === 'one by one') interruptHard(i);
      },
      { hosts: ['a', 'b', 'c'], forks: 1 },
    );
    assert.deepEqual(lines('hosts'), ['a']);
    assert.deepEqual(
      events.filter((e) => e.kind === 'host_result').map((e) => e.kind === 'host_result' && e.host),
      ['a'],
    );
  });

  test('a wait_for or a pause stops waiting at the interrupt, not at the end of the grace period', async () => {
    const started = Date.now();
    const { summary, events } = await run(
      [...PLAY, '    - {name: waits, wait_for: {path: <dir>/never, timeout: 600}}', '    - {name: pauses, pause: {seconds: 600}}'],
      (e, i) => {
        if (e.kind === 'task_start' && e.task.name === 'waits') setTimeout(() => i.stop.abort(), 300);
      },
    );
    assert.equal(summary.exitCode, 99);
    assert.match(String(resultOf(events, 'waits').msg), /^interrupted after [\d.]+ s waiting for .*never to be started/);
    assert.ok(!events.some((e) => e.kind === 'task_start' && e.task.name === 'pauses'));
    // Generous: the grace period is never given here (no kill signal), the wait alone is 600 s.
    assert.ok(Date.now() - started < 60_000, `${Date.now() - started} ms`);
    const paused = Date.now();
    const second = await run([...PLAY, '    - {name: pauses, pause: {seconds: 600}}'], (e, i) => {
      if (e.kind === 'task_start' && e.task.name === 'pauses') setTimeout(() => i.stop.abort(), 300);
    });
    assert.equal(second.summary.exitCode, 99);
    assert.ok(Date.now() - paused < 60_000, `${Date.now() - paused} ms`);
  });

  test('the always: cleanup still runs its loop items and retries after the interrupt, while the work is stopped', async () => {
    const { summary, lines } = await run(
      [
        ...PLAY,
        '    - name: work',
        '      block:',
        '        - {name: items, shell: "echo {{ item }} >> <dir>/work", loop: [1, 2, 3, 4]}',
        '      always:',
        '        - {name: release, shell: "echo {{ item }} >> <dir>/cleanup", loop: [1, 2, 3]}',
        '        - {name: release until, shell: "echo try >> <dir>/retries; [ $(wc -l < <dir>/retries) -ge 2 ]", register: r, until: r.rc == 0, retries: 3, delay: 0}',
      ],
      (e, i) => {
        if (e.kind === 'item_result' && e.task.name === 'items') i.stop.abort();
      },
      { hosts: ['a'] },
    );
    assert.equal(summary.exitCode, 99);
    assert.deepEqual(lines('work'), ['1']);
    assert.deepEqual(lines('cleanup'), ['1', '2', '3']);
    assert.deepEqual(lines('retries'), ['try', 'try']);
    assert.equal(summary.cleanup?.hosts.a?.status, 'cleaned');
  });
});
