/**
 * `groups` and `ansible_play_hosts` as templates see them: `groups` is built once per run and
 * shared (it was rebuilt for every host and task, O(hosts²) per run), `ansible_play_hosts` is
 * worked out when read and leaves out a host that has failed.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import type { RunEvent } from '../../src/events/run-events.js';
import { selectHosts } from '../../src/inventory/host-patterns.js';
import type { Inventory } from '../../src/inventory/inventory.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { NO_TAG_FILTER } from '../../src/playbook/tags.js';
import { runPlaybook } from '../../src/runner/run-playbook.js';
import { tempDir } from '../harness/temp-dir.js';

/** Runs `dir`'s pb.yaml on every host of its inv.yaml; the events. */
async function runIn(dir: string, forks: number): Promise<{ inventory: Inventory; events: RunEvent[] }> {
  const problems = new ProblemList();
  const inventory = loadInventory([join(dir, 'inv.yaml')], problems);
  const playbook = loadPlaybook(join(dir, 'pb.yaml'), problems)!;
  assert.deepEqual(problems.items, []);
  const events: RunEvent[] = [];
  await runPlaybook(playbook, inventory, [selectHosts(inventory, 'all', problems)], {
    tags: NO_TAG_FILTER,
    check: false,
    diff: false,
    forks,
    extraVars: {},
    verbosity: 0,
    listeners: [(e) => events.push(e)],
  });
  return { inventory, events };
}

/** Each host's `msg` from the task named `task`. */
function shownBy(events: readonly RunEvent[], task: string): Record<string, unknown> {
  return Object.fromEntries(events.flatMap((e) => (e.kind === 'host_result' && e.task.name === task ? [[e.host, e.result.msg]] : [])));
}

test('groups is shared and frozen; ansible_play_hosts drops a failed host', async () => {
  const dir = tempDir('certbook-magic-vars-');
  writeFileSync(
    join(dir, 'inv.yaml'),
    'all:\n  vars: {ansible_connection: local}\n  children:\n    web:\n      hosts: {a: {}, b: {}}\n    db:\n      hosts: {c: {}}\n',
  );
  writeFileSync(
    join(dir, 'pb.yaml'),
    [
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - {name: fail b, fail: {msg: nope}, when: inventory_hostname == "b"}',
      "    - {name: show, debug: {msg: \"{{ groups.web | join(',') }}|{{ groups.all | length }}|{{ ansible_play_hosts | join(',') }}|{{ groups.web | sort | join(',') }}\"}}",
      '',
    ].join('\n'),
  );
  const { inventory, events } = await runIn(dir, 3);
  assert.deepEqual(shownBy(events, 'show'), { a: 'a,b|3|a,c|a,b', c: 'a,b|3|a,c|a,b' });
  assert.equal(inventory.groupsMagicVar(), inventory.groupsMagicVar(), 'built once');
  assert.ok(Object.isFrozen(inventory.groupsMagicVar().web));
});

test('magic variables built once per host and play still follow the batch, the partition and the interrupt', async () => {
  // Each host's magic variables are built once per play (not per task): what changes while
  // the play runs (the serial batch, the partitions found at its start) must still show.
  const dir = tempDir('certbook-magic-vars-');
  writeFileSync(
    join(dir, 'inv.yaml'),
    'all:\n  vars: {ansible_connection: local}\n  hosts: {a: {side: x}, b: {side: y}, c: {side: x}, d: {side: y}}\n',
  );
  writeFileSync(
    join(dir, 'pb.yaml'),
    [
      '- hosts: all',
      '  gather_facts: false',
      '  serial: 1',
      '  partition_by: "{{ side }}"',
      '  tasks:',
      '    - {name: warm, debug: {msg: "{{ inventory_hostname }}"}}',
      "    - {name: show, debug: {msg: \"{{ certbook_partition }}|{{ ansible_play_hosts_all | join(',') }}|{{ ansible_play_batch | join(',') }}|{{ certbook_interrupted }}\"}}",
      '',
    ].join('\n'),
  );
  const { events } = await runIn(dir, 4);
  assert.deepEqual(shownBy(events, 'show'), {
    a: 'x|a,c|a|False',
    b: 'y|b,d|b|False',
    c: 'x|a,c|c|False',
    d: 'y|b,d|d|False',
  });
});

test('hostvars is copied once per render, and the next task sees what the last one set', async () => {
  const dir = tempDir('certbook-magic-vars-');
  writeFileSync(join(dir, 'inv.yaml'), 'all:\n  vars: {ansible_connection: local}\n  hosts: {a: {}, b: {}}\n');
  writeFileSync(
    join(dir, 'pb.yaml'),
    [
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - {name: one, set_fact: {x: "{{ inventory_hostname }}1"}}',
      "    - {name: show1, debug: {msg: \"{{ ansible_play_hosts_all | map('extract', hostvars, 'x') | join(',') }}|{{ hostvars.b.x }}\"}}",
      '    - {name: two, set_fact: {x: "{{ hostvars[inventory_hostname].x }}2"}}',
      "    - {name: show2, debug: {msg: \"{{ ansible_play_hosts_all | map('extract', hostvars, 'x') | join(',') }}|{{ hostvars.b.x }}\"}}",
      '',
    ].join('\n'),
  );
  const { events } = await runIn(dir, 2);
  assert.deepEqual(shownBy(events, 'show1'), { a: 'a1,b1|b1', b: 'a1,b1|b1' });
  assert.deepEqual(shownBy(events, 'show2'), { a: 'a12,b12|b12', b: 'a12,b12|b12' });
});
