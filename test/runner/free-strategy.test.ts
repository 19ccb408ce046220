/**
 * `strategy: free`: each host walks the task list on its own, `--forks` hosts at a time, as in
 * Ansible. A host never waits for a slower one between tasks; run_once still runs once (per
 * partition) and every host shares its result; each task is announced once; --start-at-task and
 * any_errors_fatal hold per host. Local-connection hosts: the strategy does not depend on the transport.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunEvent } from '../../src/events/run-events.js';
import { runLoadedPlaybook } from '../harness/run-loaded-playbook.js';
import { tempDir } from '../harness/temp-dir.js';

const INVENTORY = `nodes:
  hosts:
    slow: {ansible_connection: local, cluster: a}
    fast: {ansible_connection: local, cluster: a}
    other: {ansible_connection: local, cluster: b}
`;

async function run(playbookText: (dir: string) => string, options: { startAtTask?: string } = {}) {
  const dir = tempDir('certbook-free-');
  writeFileSync(join(dir, 'inventory.yaml'), INVENTORY);
  writeFileSync(join(dir, 'site.yaml'), playbookText(dir));
  const { summary, events } = await runLoadedPlaybook(join(dir, 'site.yaml'), join(dir, 'inventory.yaml'), options);
  return { summary, events, dir };
}

/** `host task` for every host result, in the order they came. */
function resultOrder(events: RunEvent[]): string[] {
  return events.flatMap((e) => (e.kind === 'host_result' ? [`${e.host} ${e.task.name}`] : []));
}

test('a host goes on to its next task while a slower host is still in its first', async () => {
  // Under the linear strategy this play cannot finish: `slow` waits for a gate that only `fast`'s
  // second task opens (the wait gives up after 30 s and fails).
  const { events, summary } = await run(
    (dir) => `
- hosts: slow:fast
  strategy: free
  gather_facts: false
  tasks:
    - name: wait for the gate
      shell: "i=0; while [ ! -e ${dir}/gate ]; do i=$((i+1)); [ $i -lt 3000 ] || exit 1; sleep 0.01; done"
      when: inventory_hostname == 'slow'
    - name: open the gate
      shell: "touch ${dir}/gate"
      when: inventory_hostname == 'fast'
`,
  );
  // slow's wait ended well (it saw the gate), so fast ran its second task while slow was in its first.
  assert.equal(summary.exitCode, 0);
  assert.deepEqual(
    events.flatMap((e) =>
      e.kind === 'host_result' && e.task.name === 'wait for the gate' && e.host === 'slow' ? [[e.host, e.status]] : [],
    ),
    [['slow', 'changed']],
  );
  assert.equal(summary.stats.fast?.changed, 1);
});

test('each task is announced once, and every host result carries that announcement', async () => {
  const { events } = await run(
    () => `
- hosts: nodes
  strategy: free
  gather_facts: false
  tasks:
    - name: one
      debug: msg=1
    - name: two
      debug: msg=2
`,
  );
  for (const name of ['one', 'two']) {
    const announced = events.flatMap((e) => (e.kind === 'task_start' && e.task.name === name ? [e.task.id] : []));
    assert.equal(announced.length, 1, name);
    const results = events.flatMap((e) => (e.kind === 'host_result' && e.task.name === name ? [e] : []));
    assert.deepEqual(results.map((r) => r.host).sort(), ['fast', 'other', 'slow']);
    assert.ok(results.every((r) => r.task.id === announced[0]));
  }
});

test('run_once runs once per partition, and the other hosts wait for it and share its result', async () => {
  const { events, dir } = await run(
    (dir) => `
- hosts: nodes
  strategy: free
  partition_by: "{{ cluster }}"
  gather_facts: false
  tasks:
    - name: once
      shell: "echo {{ inventory_hostname }} >> ${dir}/runs; echo {{ cluster }}-{{ inventory_hostname }}"
      register: first
      run_once: true
    - name: seen
      debug:
        msg: "{{ first.stdout }}"
`,
  );
  const runs = readFileSync(join(dir, 'runs'), 'utf8').trim().split('\n').sort();
  assert.equal(runs.length, 2, 'once per partition: a and b');
  const seen = new Map(events.flatMap((e) => (e.kind === 'host_result' && e.task.name === 'seen' ? [[e.host, e.result.msg]] : [])));
  const ranInA = runs.find((h) => h !== 'other')!;
  assert.equal(seen.get('slow'), `a-${ranInA}`);
  assert.equal(seen.get('fast'), `a-${ranInA}`);
  assert.equal(seen.get('other'), 'b-other');
});

test('--start-at-task skips the tasks before it for every host', async () => {
  const { events } = await run(
    () => `
- hosts: nodes
  strategy: free
  gather_facts: false
  tasks:
    - name: before
      debug: msg=0
    - name: start here
      debug: msg=1
    - name: after
      debug: msg=2
`,
    { startAtTask: 'start here' },
  );
  const order = resultOrder(events);
  assert.equal(order.filter((r) => r.endsWith(' before')).length, 0);
  assert.equal(order.filter((r) => r.endsWith(' start here')).length, 3);
  assert.equal(order.filter((r) => r.endsWith(' after')).length, 3);
});

test('any_errors_fatal: a failed host stops the others at their next task', async () => {
  // fast fails on the controller at once (`fail` runs no command); slow's first task is a command
  // that takes ~0.2 s (nothing to poll for: it must merely end after that failure was recorded).
  const { events, summary } = await run(
    () => `
- hosts: slow:fast
  strategy: free
  any_errors_fatal: true
  gather_facts: false
  tasks:
    - name: first
      fail:
        msg: fast fails
      when: inventory_hostname == 'fast'
    - name: slow is still in its first command
      shell: "i=0; while [ $i -lt 20 ]; do i=$((i+1)); sleep 0.01; done"
      when: inventory_hostname == 'slow'
    - name: never
      debug: msg=no
`,
  );
  assert.equal(summary.exitCode, 2);
  const order = resultOrder(events);
  assert.ok(
    order.indexOf('fast first') >= 0 && order.indexOf('fast first') < order.indexOf('slow slow is still in its first command'),
    order.join('\n'),
  );
  assert.deepEqual(
    order.filter((r) => r.endsWith(' never')),
    [],
  );
});

test('--start-at-task: once the task is reached, later plays run whole (as ansible-playbook runs them)', async () => {
  for (const strategy of ['linear', 'free']) {
    const { events } = await run(
      () => `
- hosts: nodes
  strategy: ${strategy}
  gather_facts: false
  tasks:
    - name: a1
      debug: msg=a1
    - name: a2
      debug: msg=a2
- hosts: nodes
  gather_facts: false
  tasks:
    - name: b1
      debug: msg=b1
`,
      { startAtTask: 'a2' },
    );
    const ran = new Set(resultOrder(events).map((r) => r.split(' ')[1]));
    assert.deepEqual([...ran].sort(), ['a2', 'b1'], strategy);
  }
});
