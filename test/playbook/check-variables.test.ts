import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import { checkUndefinedVariables } from '../../src/playbook/check-variables.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { tempDir } from '../harness/temp-dir.js';

const file = join(import.meta.dirname, '..', 'fixtures', 'playbooks', 'variables.yaml');

function check(extraVars: string[] = []) {
  const problems = new ProblemList();
  const playbook = loadPlaybook(file, problems);
  assert.ok(playbook && problems.ok, 'the fixture itself loads');
  checkUndefinedVariables(playbook, { inventory: ['region'], extraVars }, problems, () => '');
  return problems.items;
}

test('a variable defined nowhere is reported with its task position and a did-you-mean', () => {
  const found = check();
  assert.deepEqual(
    found.map((p) => p.code),
    ['UNDEFINED_VARIABLE', 'UNDEFINED_VARIABLE'],
  );
  const typo = found.find((p) => p.message.includes('`greting`'))!;
  assert.equal(typo.pos?.line, 16);
  assert.equal(typo.hint, 'did you mean `greeting`?');
  const flag = found.find((p) => p.message.includes('`undefined_flag`'))!;
  assert.equal(flag.pos?.line, 18, 'a `when:` points at its own line');
});

test('extra vars define names too', () => {
  assert.equal(check(['greting', 'undefined_flag']).length, 0);
});

test('a task or block whose `when` is literally false is not checked: Ansible never renders its arguments', () => {
  const dir = tempDir('certbook-check-vars-');
  const pb = join(dir, 'pb.yaml');
  writeFileSync(
    pb,
    [
      '- hosts: all',
      '  tasks:',
      '    - {name: dead task, debug: {msg: "{{ nowhere_a }}"}, when: false}',
      '    - {name: dead as text, debug: {msg: "{{ nowhere_b }}"}, when: "False"}',
      '    - name: dead block',
      '      when: [true, false]',
      '      block:',
      '        - {debug: {msg: "{{ nowhere_c }}"}}',
      '    - {name: live, debug: {msg: "{{ nowhere_d }}"}, when: "x is defined"}',
      '',
    ].join('\n'),
  );
  const problems = new ProblemList();
  const playbook = loadPlaybook(pb, problems)!;
  checkUndefinedVariables(playbook, { inventory: ['x'], extraVars: [] }, problems, () => '');
  assert.deepEqual(
    problems.items.map((p) => p.message),
    ['`nowhere_d` is not defined anywhere'],
  );
});
