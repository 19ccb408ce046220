/**
 * `loop_control.pause`: the runner waits between items (not after the last one), and an
 * interrupt cuts the wait short and runs no further item.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
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

async function runPaused(pause: number, signal?: AbortSignal, onItem?: (n: number) => void) {
  const dir = tempDir('certbook-pause-');
  writeFileSync(join(dir, 'inv.yaml'), 'all:\n  hosts: {h1: {ansible_connection: local}}\n');
  writeFileSync(
    join(dir, 'pb.yaml'),
    [
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - name: paused',
      '      debug: {msg: "{{ item }}"}',
      '      loop: [a, b, c]',
      `      loop_control: {pause: ${pause}}`,
      '',
    ].join('\n'),
  );
  const problems = new ProblemList();
  const inventory = loadInventory([join(dir, 'inv.yaml')], problems);
  const playbook = loadPlaybook(join(dir, 'pb.yaml'), problems)!;
  assert.deepEqual(problems.items, []);
  const items: string[] = [];
  const events: RunEvent[] = [];
  const started = Date.now();
  await runPlaybook(playbook, inventory, [selectHosts(inventory, 'all', problems)], {
    tags: NO_TAG_FILTER,
    check: false,
    diff: false,
    forks: 1,
    extraVars: {},
    verbosity: 0,
    ...(signal ? { signal } : {}),
    listeners: [
      (e) => {
        events.push(e);
        if (e.kind === 'item_result') {
          items.push(e.label);
          onItem?.(items.length);
        }
      },
    ],
  });
  return { items, elapsed: Date.now() - started, events };
}

test('loop_control.pause waits between items, not after the last', async () => {
  const { items, elapsed } = await runPaused(0.5);
  assert.deepEqual(items, ['a', 'b', 'c']);
  assert.ok(elapsed >= 1000, `two pauses of 0.5 s, took ${elapsed} ms`);
});

test('an interrupt during the pause runs no further item', async () => {
  const stop = new AbortController();
  // 60 s pauses: the run only ends in time if the abort cuts the first one short.
  const { items, events } = await runPaused(60, stop.signal, (n) => {
    if (n === 1) stop.abort();
  });
  assert.deepEqual(items, ['a']);
  const result = events.find((e) => e.kind === 'host_result' && e.task.name === 'paused');
  assert.equal(result?.kind === 'host_result' && result.status, 'failed');
});
