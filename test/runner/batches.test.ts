/**
 * Batches, failure thresholds and unreachable hosts, on local-connection hosts (the batching
 * logic does not depend on the transport) plus one host on a closed port (real TCP refusal).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import type { RunEvent } from '../../src/events/run-events.js';
import { selectHosts } from '../../src/inventory/host-patterns.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { NO_TAG_FILTER } from '../../src/playbook/tags.js';
import { runPlaybook } from '../../src/runner/run-playbook.js';
import { closedPort } from '../harness/closed-port.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'runner');
const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

async function run(playbookName: string, hostsSpec: string, startAtTask?: string, extraVars: Record<string, unknown> = {}) {
  const problems = new ProblemList();
  const inventory = loadInventory([hostsSpec], problems);
  const playbook = loadPlaybook(join(fixtures, playbookName), problems)!;
  assert.deepEqual(problems.items, []);
  const events: RunEvent[] = [];
  const summary = await runPlaybook(
    playbook,
    inventory,
    playbook.plays.map((p) => selectHosts(inventory, p.hosts, problems)),
    {
      tags: NO_TAG_FILTER,
      check: false,
      diff: false,
      forks: 5,
      extraVars,
      verbosity: 0,
      listeners: [(e) => events.push(e)],
      sshConfigFile: false,
      ...(startAtTask ? { startAtTask } : {}),
    },
  );
  return { summary, events };
}

test('serial [1, 2] runs n1 alone, then n2 and n3; a failed host sits out the next play', async () => {
  const { summary, events } = await run('batches.yaml', inventoryFile(['n1', 'n2', 'n3']));
  const starts = events
    .filter((e) => e.kind === 'task_start' && e.task.name === 'where')
    .map((e) => (e.kind === 'task_start' ? e.hosts : []));
  assert.deepEqual(starts, [['n1'], ['n2', 'n3']]);
  const after = events
    .filter((e) => e.kind === 'host_result' && e.task.name === 'after')
    .map((e) => (e.kind === 'host_result' ? e.host : ''));
  assert.deepEqual(after, ['n1', 'n3']);
  assert.equal(summary.exitCode, 2);
  assert.equal(summary.stats.n2!.failed, 1);
});

test('any_errors_fatal stops the play for every host', async () => {
  const { summary, events } = await run('fatal.yaml', inventoryFile(['n1', 'n2']));
  assert.equal(events.filter((e) => e.kind === 'host_result' && e.task.name === 'never reached').length, 0);
  assert.equal(summary.exitCode, 2);
});

test('a host on a closed port is unreachable, the others finish, exit 3, and the recap lists it', async () => {
  const port = await closedPort();
  const { summary, events } = await run('batches.yaml', inventoryFile(['n1', 'n3'], { dead: port }));
  assert.equal(summary.stats.dead!.unreachable, 1);
  assert.ok(summary.hosts.includes('dead'));
  assert.ok(events.some((e) => e.kind === 'host_result' && e.host === 'n3' && e.task.name === 'after'));
  const dead = events.find((e) => e.kind === 'host_result' && e.host === 'dead');
  assert.match(JSON.stringify(dead), /refused/i);
  assert.equal(summary.exitCode, 3);
});

/** An inventory file of local hosts in group `nodes`, plus SSH hosts on given ports. */
function inventoryFile(local: string[], ssh: Record<string, number> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'certbook-batches-'));
  made.push(dir);
  const lines = ['nodes:', '  hosts:'];
  for (const h of local) lines.push(`    ${h}: {ansible_connection: local}`);
  for (const [h, port] of Object.entries(ssh))
    lines.push(`    ${h}: {ansible_host: 127.0.0.1, ansible_port: ${port}, ansible_connection: ssh, ansible_host_key_checking: off}`);
  const path = join(dir, 'inventory.yaml');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

test('--start-at-task skips to the first task whose name matches, globs included', async () => {
  const { events } = await run('start-at.yaml', inventoryFile(['n1']), 'sec*');
  const ran = events.filter((e) => e.kind === 'task_start').map((e) => (e.kind === 'task_start' ? e.task.name : ''));
  assert.deepEqual(ran, ['second task', 'third']);
});

test('max_fail_percentage stops the play for everyone as soon as more than that share has failed', async () => {
  const { summary, events } = await run('max-fail.yaml', inventoryFile(['n1', 'n2', 'n3', 'n4']));
  assert.equal(events.filter((e) => e.kind === 'host_result' && e.task.name === 'not reached by anyone').length, 0);
  assert.equal(summary.exitCode, 2);
});

test('a failure inside a block with a rescue runs the rescue before any_errors_fatal / max_fail_percentage stop the run', async () => {
  const { summary, events } = await run('rescue-fatal.yaml', inventoryFile(['n1', 'n2']));
  const ran = (name: string) =>
    events.filter((e) => e.kind === 'host_result' && e.task.name === name).map((e) => (e.kind === 'host_result' ? e.host : ''));
  assert.deepEqual(ran('rescued'), ['n1']);
  assert.deepEqual(ran('give up'), ['n1']);
  assert.deepEqual(ran('never reached'), []);
  assert.deepEqual(ran('next play'), []);
  assert.equal(summary.exitCode, 2);
});

test('serial as a template: batches from an extra var (default when absent); a bad value fails every host', async () => {
  const inventory = inventoryFile(['n1', 'n2', 'n3']);
  const batches = async (extra: Record<string, unknown>) =>
    (await run('serial-template.yaml', inventory, undefined, extra)).events
      .filter((e) => e.kind === 'task_start' && e.task.name === 'where')
      .map((e) => (e.kind === 'task_start' ? e.hosts : []));
  assert.deepEqual(await batches({ batch: 2 }), [['n1', 'n2'], ['n3']]);
  assert.deepEqual(await batches({}), [['n1'], ['n2'], ['n3']]);
  const bad = await run('serial-template.yaml', inventory, undefined, { batch: 'zero' });
  assert.equal(bad.summary.exitCode, 2);
  assert.equal(bad.events.filter((e) => e.kind === 'task_start' && e.task.name === 'where').length, 0);
});
