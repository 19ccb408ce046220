/**
 * Keywords in places Ansible does not take them are refused at load time, pointing at the key,
 * with what to write instead: a single task's keywords on a block, and anything but `when`,
 * `tags`, `vars` and `ignore_errors` on `include_tasks`.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { tempDir } from '../harness/temp-dir.js';

function load(lines: string[]) {
  const dir = tempDir('certbook-placement-');
  writeFileSync(join(dir, 'inc.yaml'), '- debug: {msg: hi}\n');
  writeFileSync(join(dir, 'pb.yaml'), ['- hosts: all', '  tasks:', ...lines, ''].join('\n'));
  const problems = new ProblemList();
  loadPlaybook(join(dir, 'pb.yaml'), problems);
  return problems.items.map((p) => ({ code: p.code, line: p.pos?.line, col: p.pos?.col, message: p.message, hint: Boolean(p.hint) }));
}

test("a single task's keywords on a block are refused at their key", () => {
  const found = load([
    '    - name: b',
    '      register: r',
    '      loop: [1]',
    '      until: r is success',
    '      changed_when: false',
    '      when: true',
    '      block:',
    '        - debug: {msg: hi}',
  ]);
  assert.deepEqual(
    found.map((f) => [f.code, f.line, f.col, f.message, f.hint]),
    [
      ['UNKNOWN_KEYWORD', 4, 7, '`register` is not valid on a block', true],
      ['UNKNOWN_KEYWORD', 5, 7, '`loop` is not valid on a block', true],
      ['UNKNOWN_KEYWORD', 6, 7, '`until` is not valid on a block', true],
      ['UNKNOWN_KEYWORD', 7, 7, '`changed_when` is not valid on a block', true],
    ],
  );
});

test('include_tasks takes when, tags, vars, ignore_errors and loop only', () => {
  assert.deepEqual(load(['    - {include_tasks: inc.yaml, when: true, tags: [x], vars: {a: 1}, ignore_errors: true}']), []);
  assert.deepEqual(
    load(['    - {include_tasks: inc.yaml, loop: [1, 2], loop_control: {loop_var: n, index_var: i, label: "{{ n }}"}}']),
    [],
  );
  const found = load(['    - include_tasks: inc.yaml', '      register: r', '      become: true']);
  assert.deepEqual(
    found.map((f) => [f.line, f.message]),
    [
      [4, '`register` is not valid on `include_tasks`'],
      [5, '`become` is not valid on `include_tasks`'],
    ],
  );
});

test('Ansible keywords certbook does not take are refused with what to write instead', () => {
  const dir = tempDir('certbook-placement-');
  writeFileSync(
    join(dir, 'pb.yaml'),
    ['- hosts: all', '  connection: local', '  order: sorted', '  tasks:', '    - {shell: echo, async: 10, port: 22}', ''].join('\n'),
  );
  const problems = new ProblemList();
  loadPlaybook(join(dir, 'pb.yaml'), problems);
  assert.deepEqual(
    problems.items.map((p) => [p.pos?.line, p.code, Boolean(p.hint)]),
    [
      [2, 'UNKNOWN_KEYWORD', true],
      [3, 'UNKNOWN_KEYWORD', true],
      [5, 'UNKNOWN_KEYWORD', true],
      [5, 'UNKNOWN_KEYWORD', true],
    ],
  );
  assert.match(problems.items[0]!.hint!, /ansible_connection/);
});

test('retries or delay without until are refused: ansible-core 2.14 would silently not retry', () => {
  const found = load(['    - {shell: echo, retries: 3}', '    - {shell: echo, register: r, until: r is succeeded, retries: 3, delay: 0}']);
  assert.deepEqual(
    found.map((f) => [f.line, f.message, f.hint]),
    [[3, '`retries` does nothing without `until`', true]],
  );
});

test('strategy is linear or free; any other strategy is refused where it is written', () => {
  const dir = tempDir('certbook-strategy-');
  writeFileSync(join(dir, 'free.yaml'), ['- hosts: all', '  strategy: free', '  tasks:', '    - {shell: echo}', ''].join('\n'));
  writeFileSync(join(dir, 'pinned.yaml'), ['- hosts: all', '  strategy: host_pinned', '  tasks:', '    - {shell: echo}', ''].join('\n'));
  const free = new ProblemList();
  assert.equal(loadPlaybook(join(dir, 'free.yaml'), free)?.plays[0]?.keywords.strategy, 'free');
  assert.deepEqual(free.items, []);
  const pinned = new ProblemList();
  loadPlaybook(join(dir, 'pinned.yaml'), pinned);
  assert.equal(pinned.items.length, 1);
  assert.equal(pinned.items[0]!.pos?.line, 2);
  assert.match(`${pinned.items[0]!.message} ${pinned.items[0]!.hint ?? ''}`, /linear.*free|free.*linear/);
});
