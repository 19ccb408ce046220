/**
 * Step arguments no other test exercised, run through the real runner on a local connection:
 * assert `success_msg` and `quiet`, copy `group`, pause `prompt` and `echo`, publish `columns`
 * and `sort_by`. (test/steps/argument-coverage.test.ts maps every argument to its test.)
 */
import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import type { RunEvent } from '../../src/events/run-events.js';
import { selectHosts } from '../../src/inventory/host-patterns.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { NO_TAG_FILTER } from '../../src/playbook/tags.js';
import { runPlaybook } from '../../src/runner/run-playbook.js';
import { tempDir } from '../harness/temp-dir.js';

async function run(tasks: string[]) {
  const dir = tempDir('certbook-arg-gaps-');
  writeFileSync(join(dir, 'inv.yaml'), 'all:\n  hosts: {h1: {ansible_connection: local}}\n');
  writeFileSync(join(dir, 'pb.yaml'), ['- hosts: all', '  gather_facts: false', '  tasks:', ...tasks, ''].join('\n'));
  const problems = new ProblemList();
  const inventory = loadInventory([join(dir, 'inv.yaml')], problems);
  const playbook = loadPlaybook(join(dir, 'pb.yaml'), problems)!;
  assert.deepEqual(problems.items, []);
  const events: RunEvent[] = [];
  const summary = await runPlaybook(playbook, inventory, [selectHosts(inventory, 'all', problems)], {
    tags: NO_TAG_FILTER,
    check: false,
    diff: false,
    forks: 1,
    extraVars: { dir },
    verbosity: 0,
    listeners: [(e) => events.push(e)],
  });
  const result = (name: string) => {
    const e = events.find((x) => x.kind === 'host_result' && x.task.name === name);
    return e?.kind === 'host_result' ? e.result : undefined;
  };
  return { dir, events, summary, result };
}

test('assert: success_msg is the message; the result is shown unless quiet (and never registered as data)', async () => {
  const { result } = await run([
    '    - {name: loud, assert: {that: ["1 == 1"], success_msg: all good}, register: r}',
    '    - {name: quiet, assert: {that: ["1 == 1"], quiet: true}}',
    '    - {name: registered, debug: {msg: "{{ r.keys() | sort | join(\',\') }}"}}',
  ]);
  assert.equal(result('loud')?.msg, 'all good');
  assert.equal(result('loud')?._ansible_verbose_always, true);
  assert.equal(result('quiet')?._ansible_verbose_always, undefined);
  assert.equal(result('registered')?.msg, 'changed,failed,msg');
});

test("copy: group sets the file's group", async () => {
  const { dir, summary } = await run(['    - {name: copied, copy: {content: "x\\n", dest: "{{ dir }}/f.txt", group: daemon}}']);
  assert.equal(summary.exitCode, 0);
  const daemonGid = 1; // Debian: daemon is gid 1
  assert.equal(statSync(join(dir, 'f.txt')).gid, daemonGid);
});

test('pause: prompt is shown (no terminal is read) and echo registered', async () => {
  const { events, result } = await run(['    - {name: paused, pause: {prompt: type here, echo: false}}']);
  assert.ok(events.some((e) => e.kind === 'warning' && e.message.includes('type here')));
  assert.equal(result('paused')?.echo, false);
});

test('publish: columns and sort_by reach the records event', async () => {
  const { events } = await run(['    - {name: pub, publish: {table: t, rows: [{b: 2, a: 1}], columns: [a, b], sort_by: [b]}}']);
  const rec = events.find((e) => e.kind === 'records');
  assert.deepEqual(rec?.kind === 'records' && [rec.columns, rec.sortBy], [['a', 'b'], ['b']]);
});
