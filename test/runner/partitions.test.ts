/**
 * `partition_by`: partitions run side by side, each as a play of its own (serial, run_once,
 * any_errors_fatal, max_fail_percentage, the play's host lists), and a stopped partition leaves
 * the run. Local-connection hosts: the batching does not depend on the transport.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import type { RunEvent } from '../../src/events/run-events.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { runLoadedPlaybook } from '../harness/run-loaded-playbook.js';
import { tempDir } from '../harness/temp-dir.js';

/** Cluster a: a1 a2 a3; cluster b: b1 b2 (interleaved in the inventory, as merged files give). */
const INVENTORY = `nodes:
  hosts:
    a1: {ansible_connection: local, cluster: a}
    b1: {ansible_connection: local, cluster: b}
    a2: {ansible_connection: local, cluster: a}
    b2: {ansible_connection: local, cluster: b}
    a3: {ansible_connection: local, cluster: a}
`;

async function run(playbookText: string, inventoryText = INVENTORY) {
  const dir = tempDir('certbook-partitions-');
  writeFileSync(join(dir, 'inventory.yaml'), inventoryText);
  writeFileSync(join(dir, 'site.yaml'), playbookText);
  const { summary, events } = await runLoadedPlaybook(join(dir, 'site.yaml'), join(dir, 'inventory.yaml'));
  return { summary, events };
}

function starts(events: RunEvent[], name: string): string[][] {
  return events.flatMap((e) => (e.kind === 'task_start' && e.task.name === name ? [e.hosts] : []));
}

function resultsOf(events: RunEvent[], name: string): Array<{ host: string; status: string; result: Record<string, unknown> }> {
  return events.flatMap((e) =>
    e.kind === 'host_result' && e.task.name === name ? [{ host: e.host, status: e.status, result: e.result }] : [],
  );
}

test('serial applies inside each partition and the partitions advance together, batch by batch', async () => {
  const { events, summary } = await run(`
- hosts: nodes
  gather_facts: false
  partition_by: "{{ cluster }}"
  serial: 1
  tasks:
    - name: step
      debug: msg=hi
`);
  assert.deepEqual(starts(events, 'step'), [['a1', 'b1'], ['a2', 'b2'], ['a3']]);
  assert.equal(summary.exitCode, 0);
});

test("run_once runs once per partition and the play's host lists are the partition's", async () => {
  const { events } = await run(`
- hosts: nodes
  gather_facts: false
  partition_by: "{{ cluster }}"
  tasks:
    - name: once
      set_fact:
        first: "{{ inventory_hostname }}"
      run_once: true
    - name: lists
      debug:
        msg: "{{ first }} {{ ansible_play_hosts_all | join(',') }} {{ ansible_play_batch | join(',') }} {{ ansible_play_hosts | join(',') }} {{ certbook_partition }}"
`);
  assert.deepEqual(
    resultsOf(events, 'once')
      .map((r) => r.host)
      .sort(),
    ['a1', 'b1'],
  );
  const msgs = Object.fromEntries(resultsOf(events, 'lists').map((r) => [r.host, r.result.msg]));
  assert.equal(msgs.a2, 'a1 a1,a2,a3 a1,a2,a3 a1,a2,a3 a');
  assert.equal(msgs.b2, 'b1 b1,b2 b1,b2 b1,b2 b');
});

test('any_errors_fatal stops only the failing partition, which then leaves the run', async () => {
  const { events, summary } = await run(`
- hosts: nodes
  gather_facts: false
  partition_by: "{{ cluster }}"
  serial: 1
  any_errors_fatal: true
  tasks:
    - name: work
      fail: msg=broken
      when: inventory_hostname == 'a2'
- name: later
  hosts: nodes
  gather_facts: false
  tasks:
    - name: after
      debug: msg=after
`);
  assert.deepEqual(starts(events, 'work'), [
    ['a1', 'b1'],
    ['a2', 'b2'],
  ]);
  const stopped = events.filter((e) => e.kind === 'partition_stopped');
  assert.equal(stopped.length, 1);
  const [first] = stopped;
  assert.deepEqual(first?.kind === 'partition_stopped' && [first.partition, first.hosts, first.reason], [
    'a',
    ['a1', 'a2', 'a3'],
    'a2 failed: broken',
  ]);
  // Cluster b went on, in this play and the next; a's hosts (a3 never ran) sit the rest out.
  assert.deepEqual(
    resultsOf(events, 'after')
      .map((r) => r.host)
      .sort(),
    ['b1', 'b2'],
  );
  assert.equal(summary.exitCode, 2);
  assert.equal(summary.stats.a3, undefined, 'a3 never ran: not in the recap, as in Ansible');
});

test('max_fail_percentage is judged per partition', async () => {
  const { events } = await run(`
- hosts: nodes
  gather_facts: false
  partition_by: "{{ cluster }}"
  serial: 3
  max_fail_percentage: 40
  tasks:
    - name: work
      fail: msg=broken
      when: inventory_hostname == 'b1'
    - name: next
      debug: msg=next
`);
  // b: 1 of 2 failed (50% > 40%) stops b; a: 0 of 3 goes on.
  assert.deepEqual(
    resultsOf(events, 'next').map((r) => r.host),
    ['a1', 'a2', 'a3'],
  );
  assert.equal(events.filter((e) => e.kind === 'partition_stopped' && e.partition === 'b').length, 1);
});

test('a later play partitioned the same way leaves out the stopped key, also for hosts it never had', async () => {
  const inventory = `${INVENTORY}    a-agent: {ansible_connection: local, cluster: a}\n    b-agent: {ansible_connection: local, cluster: b}\n`;
  const { events } = await run(
    `
- hosts: a1:a2:b1:b2
  gather_facts: false
  partition_by: "{{ cluster }}"
  any_errors_fatal: true
  tasks:
    - name: servers
      fail: msg=down
      when: inventory_hostname == 'a1'
- hosts: a-agent:b-agent
  gather_facts: false
  partition_by: "{{ cluster }}"
  tasks:
    - name: agents
      debug: msg=ok
`,
    inventory,
  );
  assert.deepEqual(
    resultsOf(events, 'agents').map((r) => r.host),
    ['b-agent'],
  );
  assert.ok(events.some((e) => e.kind === 'warning' && /partition "a" is left out/.test(e.message)));
});

test('meta: end_play ends the partition that ran it', async () => {
  const { events } = await run(`
- hosts: nodes
  gather_facts: false
  partition_by: "{{ cluster }}"
  tasks:
    - meta: end_play
      when: cluster == 'a'
    - name: rest
      debug: msg=rest
`);
  assert.deepEqual(
    resultsOf(events, 'rest').map((r) => r.host),
    ['b1', 'b2'],
  );
});

test('a host whose key cannot be rendered fails before any task; the others run', async () => {
  const inventory = `${INVENTORY}    lost: {ansible_connection: local}\n`;
  const { events, summary } = await run(
    `
- hosts: nodes
  gather_facts: false
  partition_by: "{{ cluster }}"
  tasks:
    - name: step
      debug: msg=hi
`,
    inventory,
  );
  const failed = resultsOf(events, 'partition_by');
  assert.deepEqual(
    failed.map((r) => [r.host, r.status]),
    [['lost', 'failed']],
  );
  assert.match(String(failed[0]!.result.msg), /partition_by: .*cluster/);
  assert.equal(resultsOf(events, 'step').length, 5);
  assert.equal(summary.exitCode, 2);
});

test('meta: end_host lasts one play, as in Ansible', async () => {
  const { events } = await run(`
- hosts: nodes
  gather_facts: false
  tasks:
    - meta: end_host
      when: inventory_hostname == 'a1'
- hosts: nodes
  gather_facts: false
  tasks:
    - name: second play
      debug: msg=hi
`);
  assert.ok(resultsOf(events, 'second play').some((r) => r.host === 'a1'));
});

test('partition_by written without braces is refused at load time with the fix', () => {
  const dir = tempDir('certbook-partitions-');
  writeFileSync(join(dir, 'site.yaml'), '- hosts: all\n  partition_by: k3s_cluster_name\n  tasks: []\n');
  const problems = new ProblemList();
  loadPlaybook(join(dir, 'site.yaml'), problems);
  assert.equal(problems.items.length, 1);
  const [p] = problems.items;
  assert.equal(p!.code, 'INVALID_VALUE');
  assert.deepEqual([p!.pos?.line, p!.pos?.col], [2, 17]);
  assert.match(p!.hint ?? '', /"\{\{ k3s_cluster_name \}\}"/);
});
