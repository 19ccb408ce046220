import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import { loadTaskList } from '../../src/playbook/load-task.js';
import type { StepTask } from '../../src/playbook/model.js';
import { parseSource } from '../../src/yaml/source-file.js';

function load(yaml: string) {
  const problems = new ProblemList();
  const source = parseSource('t.yaml', yaml, problems)!;
  const tasks = loadTaskList({ source, problems, playbookDir: '.', importStack: [], inHandlers: false }, source.doc.contents);
  return { tasks: tasks as StepTask[], problems: problems.items };
}

test("Ansible's one-line key=value form works for steps without free form, typed by the schema", () => {
  const { tasks, problems } = load('- debug: msg="hello world" verbosity=2\n- file: path=/tmp/x state=absent\n');
  assert.deepEqual(problems, []);
  assert.deepEqual(tasks[0]!.args, { msg: 'hello world', verbosity: 2 });
  assert.deepEqual(tasks[1]!.args, { path: '/tmp/x', state: 'absent' });
});

test('key=value arguments are checked like any others', () => {
  const { problems } = load('- debug: mgs=hello\n');
  assert.deepEqual(
    problems.map((p) => p.code),
    ['UNKNOWN_ARGUMENT'],
  );
});

test('text that is not key=value words is refused with the offending word', () => {
  const { problems } = load('- stat: /etc/hosts\n');
  assert.equal(problems[0]!.code, 'FREE_FORM_NOT_ALLOWED');
  assert.match(problems[0]!.message, /`\/etc\/hosts`/);
});
