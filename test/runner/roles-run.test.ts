/**
 * Roles as the runner runs them (on the controller's own connection): an include_role whose
 * templated name finds no role fails its hosts visibly, task events and the JSON report say
 * which role a task is from, and --start-at-task can start inside a role.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunEvent } from '../../src/events/run-events.js';
import { runCli } from '../cli/run-cli.js';
import { writeTree } from '../harness/file-tree.js';
import { runLoadedPlaybook } from '../harness/run-loaded-playbook.js';

const INVENTORY = ['all:', '  vars: {ansible_connection: local}', '  hosts: {h1: {}}'];
const WEB = {
  'roles/web/tasks/main.yml': [
    '- {name: first, debug: {msg: one}}',
    '- {name: second, debug: {msg: two}, changed_when: true, notify: bounce}',
  ],
  'roles/web/handlers/main.yml': ['- {name: bounce, debug: {msg: bounced}}'],
};

async function run(files: Record<string, string[]>, startAtTask?: string): Promise<RunEvent[]> {
  const dir = writeTree({ 'inventory.yaml': INVENTORY, ...files }, 'certbook-roles-run-');
  const { events } = await runLoadedPlaybook(join(dir, 'site.yaml'), join(dir, 'inventory.yaml'), startAtTask ? { startAtTask } : {});
  return events;
}

const results = (events: RunEvent[]) =>
  events.flatMap((e) => (e.kind === 'host_result' ? [[e.task.name, e.status, e.task.role ?? null]] : []));

test('an include_role whose rendered name finds no role fails the host, saying where it looked', async () => {
  const events = await run({
    'site.yaml': [
      '- hosts: all',
      '  gather_facts: false',
      '  vars: {which: nosuch}',
      '  tasks:',
      '    - {name: pick a role, include_role: {name: "{{ which }}"}, ignore_errors: true}',
      '    - {name: after, debug: {msg: still here}}',
    ],
  });
  const failed = events.find((e) => e.kind === 'host_result' && e.status === 'failed');
  assert.ok(failed && failed.kind === 'host_result');
  assert.match(String(failed.result.msg), /the role `nosuch` was not found.*looked in .*roles\/nosuch/);
  assert.deepEqual(results(events).at(-1), ['after', 'ok', null]);
});

test("task and handler events name their role; the play's own tasks have none", async () => {
  const events = await run({
    ...WEB,
    'site.yaml': ['- hosts: all', '  gather_facts: false', '  roles: [web]', '  tasks:', '    - {name: own, debug: {msg: x}}'],
  });
  assert.deepEqual(results(events), [
    ['web : first', 'ok', 'web'],
    ['web : second', 'changed', 'web'],
    ['own', 'ok', null],
    ['web : bounce', 'ok', 'web'],
  ]);
});

test("the JSON report names each role task's role", async () => {
  const dir = writeTree(
    {
      'inventory.yaml': INVENTORY,
      ...WEB,
      'site.yaml': ['- hosts: all', '  gather_facts: false', '  roles: [web]', '  tasks:', '    - {name: own, debug: {msg: x}}'],
    },
    'certbook-roles-report-',
  );
  const result = await runCli(['run', 'site.yaml', '-i', 'inventory.yaml', '--report', 'report.json'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as {
    plays: Array<{ tasks: Array<{ name: string; role?: string }> }>;
  };
  assert.deepEqual(
    report.plays[0]!.tasks.map((t) => [t.name, t.role ?? null]),
    [
      ['web : first', 'web'],
      ['web : second', 'web'],
      ['own', null],
      ['web : bounce', 'web'],
    ],
  );
});

test('--start-at-task can name a role task as "role : name"', async () => {
  const events = await run({ ...WEB, 'site.yaml': ['- hosts: all', '  gather_facts: false', '  roles: [web]'] }, 'web : second');
  assert.deepEqual(
    results(events).map((r) => r[0]),
    ['web : second', 'web : bounce'],
  );
});

test("an include_role's tasks_from may be a template, rendered when the include runs", async () => {
  const events = await run({
    ...WEB,
    'roles/web/tasks/Debian.yml': ['- {name: per family, debug: {msg: debian}}'],
    'site.yaml': [
      '- hosts: all',
      '  gather_facts: false',
      '  vars: {family: Debian}',
      '  tasks:',
      '    - include_role: {name: web, tasks_from: "{{ family }}.yml"}',
    ],
  });
  assert.deepEqual(results(events), [['web : per family', 'ok', 'web']]);
});

test("a dependency's handler takes the `when` of the role that depends on it", async () => {
  const events = await run({
    ...WEB,
    'roles/app/meta/main.yml': ['dependencies: [web]'],
    'site.yaml': [
      '- hosts: all',
      '  gather_facts: false',
      '  roles:',
      '    - {role: app, when: run_web | default(true)}',
      '  tasks:',
      '    - {set_fact: {run_web: false}}',
      '    - {name: notify anyway, debug: {msg: x}, changed_when: true, notify: bounce}',
    ],
  });
  assert.deepEqual(results(events).at(-1), ['web : bounce', 'skipped', 'web']);
});
