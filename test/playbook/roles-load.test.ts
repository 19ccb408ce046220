/**
 * Roles are loaded and checked before connecting: a missing role names the directories searched,
 * a dependency cycle names its chain, and a problem inside a role's file points at that file's
 * line and column. `--roles-path` and `ANSIBLE_ROLES_PATH` add directories to search.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Problem, ProblemList } from '../../src/errors/problem.js';
import { checkUndefinedVariables } from '../../src/playbook/check-variables.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { outlinePlay } from '../../src/playbook/outline.js';
import { runCli } from '../cli/run-cli.js';
import { writeTree } from '../harness/file-tree.js';

const tree = (files: Record<string, string[]>): string => writeTree(files, 'certbook-roles-');

function load(dir: string, rolesPath: string[] = []): { problems: Problem[]; playbook: ReturnType<typeof loadPlaybook> } {
  const problems = new ProblemList();
  const playbook = loadPlaybook(join(dir, 'site.yaml'), problems, { rolesPath });
  if (playbook && problems.ok) checkUndefinedVariables(playbook, { inventory: [], extraVars: [] }, problems, () => '');
  return { problems: problems.items, playbook };
}

const PLAY = ['- hosts: all', '  roles:'];

test('a missing role is ROLE_NOT_FOUND at its name, naming roles/, roles_path and the playbook directory', () => {
  const dir = tree({ 'site.yaml': [...PLAY, '    - role: nosuch'] });
  const { problems } = load(dir, ['/srv/roles']);
  assert.deepEqual(
    problems.map((p) => [p.code, p.pos?.line, p.pos?.col]),
    [['ROLE_NOT_FOUND', 3, 13]],
  );
  assert.match(problems[0]!.hint!, new RegExp(`${join(dir, 'roles', 'nosuch')}, /srv/roles/nosuch, ${join(dir, 'nosuch')}`));
});

test('dependencies in a loop are ROLE_CYCLE, with the chain, at the dependency that closes it', () => {
  const dir = tree({
    'site.yaml': [...PLAY, '    - a'],
    'roles/a/meta/main.yml': ['dependencies: [b]'],
    'roles/b/meta/main.yml': ['dependencies:', '  - role: a'],
    'roles/b/tasks/main.yml': ['- debug: {msg: b}'],
  });
  const { problems } = load(dir);
  assert.deepEqual(
    problems.map((p) => [p.code, p.pos?.file, p.pos?.line]),
    [['ROLE_CYCLE', join(dir, 'roles/b/meta/main.yml'), 2]],
  );
  assert.match(problems[0]!.message, /a → b → a/);
});

test("problems inside a role are reported at the role file's line and column, all of them together", () => {
  const dir = tree({
    'site.yaml': [...PLAY, '    - web'],
    'roles/web/tasks/main.yml': [
      '- name: a typo in a step',
      '  debug: {mgs: hi}',
      '- name: an unknown keyword',
      '  debug: {msg: hi}',
      '  whenn: true',
    ],
    'roles/web/handlers/main.yml': ['- name: restart', '  service: {name: web, state: bogus}'],
  });
  const { problems } = load(dir);
  const tasks = join(dir, 'roles/web/tasks/main.yml');
  assert.deepEqual(
    problems.map((p) => [p.code, p.pos?.file, p.pos?.line]).sort(),
    [
      ['INVALID_VALUE', join(dir, 'roles/web/handlers/main.yml'), 2],
      ['UNKNOWN_ARGUMENT', tasks, 2],
      ['UNKNOWN_KEYWORD', tasks, 5],
    ].sort(),
  );
});

test("a role's defaults, vars and parameters define names for the undefined-variable check; others are still caught", () => {
  const dir = tree({
    'site.yaml': [...PLAY, '    - role: web', '      web_param: 1'],
    'roles/web/defaults/main.yml': ['web_default: 1'],
    'roles/web/vars/main.yml': ['web_var: 1'],
    'roles/web/tasks/main.yml': [
      '- debug: {msg: "{{ web_default }} {{ web_var }} {{ web_param }} {{ role_path }}"}',
      '- debug: {msg: "{{ web_nowhere }}"}',
    ],
  });
  const { problems } = load(dir);
  assert.deepEqual(
    problems.map((p) => [p.code, p.message, p.pos?.line]),
    [['UNDEFINED_VARIABLE', '`web_nowhere` is not defined anywhere', 2]],
  );
});

test('import_role and include_role options are checked: a missing tasks_from, a templated import, an option certbook does not take', () => {
  const dir = tree({
    'site.yaml': [
      '- hosts: all',
      '  tasks:',
      '    - import_role: {name: web, tasks_from: nosuch}',
      '    - import_role: {name: "{{ which }}"}',
      '    - include_role: {name: web, apply: {become: true}}',
      '    - include_role: {tasks_from: main}',
    ],
    'roles/web/tasks/main.yml': ['- debug: {msg: hi}'],
  });
  const { problems } = load(dir);
  assert.deepEqual(
    problems.map((p) => [p.code, p.pos?.line]),
    [
      ['FILE_NOT_FOUND', 3],
      ['INVALID_VALUE', 4],
      ['UNKNOWN_ARGUMENT', 5],
      ['MISSING_ARGUMENT', 6],
    ],
  );
});

test('a role\'s handler is notified by its name or as "role : name"; another name is UNKNOWN_HANDLER', () => {
  const dir = tree({
    'site.yaml': [
      ...PLAY,
      '    - web',
      '  tasks:',
      '    - {debug: {msg: x}, notify: "web : restart web"}',
      '    - {debug: {msg: x}, notify: restart webb}',
    ],
    'roles/web/tasks/main.yml': ['- {debug: {msg: x}, notify: restart web}'],
    'roles/web/handlers/main.yml': ['- name: restart web', '  debug: {msg: restarted}'],
  });
  const { problems } = load(dir);
  assert.deepEqual(
    problems.map((p) => [p.code, p.pos?.line]),
    [['UNKNOWN_HANDLER', 6]],
  );
  assert.match(problems[0]!.hint!, /restart web/);
});

test('roles run ahead of tasks, dependencies first, named "role : task" in the outline', () => {
  const dir = tree({
    'site.yaml': [...PLAY, '    - web', '  tasks:', '    - {name: own, debug: {msg: x}}'],
    'roles/web/meta/main.yml': ['dependencies: [{role: base, when: true}]'],
    'roles/web/tasks/main.yml': ['- {name: web task, debug: {msg: x}}', '- {debug: {msg: x}}'],
    'roles/base/tasks/main.yml': ['- {name: base task, debug: {msg: x}}'],
  });
  const { problems, playbook } = load(dir);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    outlinePlay(playbook!.plays[0]!).map((t) => t.name),
    ['base : base task', 'web : web task', 'debug', 'own'],
  );
});

test('validate finds roles through --roles-path and ANSIBLE_ROLES_PATH (colon-separated), and says ROLE_NOT_FOUND without them', async () => {
  const dir = tree({
    'site.yaml': [...PLAY, '    - shelved', '    - other'],
    'shelf/shelved/tasks/main.yml': ['- debug: {msg: hi}'],
    'more/other/tasks/main.yml': ['- debug: {msg: hi}'],
  });
  const without = await runCli(['validate', 'site.yaml'], { cwd: dir });
  assert.equal(without.code, 4);
  assert.equal(without.stderr.match(/ROLE_NOT_FOUND/g)?.length, 2);
  const flag = await runCli(['validate', 'site.yaml', '--roles-path', 'shelf', '--roles-path', 'more'], { cwd: dir });
  assert.equal(flag.code, 0, flag.stderr);
  const env = await runCli(['validate', 'site.yaml'], { cwd: dir, env: { ANSIBLE_ROLES_PATH: 'shelf:more' } });
  assert.equal(env.code, 0, env.stderr);
});

test("validate on a role's own task file looks up its templates and vars files in the role", async () => {
  const dir = tree({
    'roles/web/tasks/main.yml': [
      '- include_vars: web.yml',
      '- template: {src: web.conf.j2, dest: /tmp/web.conf}',
      '- template: {src: nosuch.j2, dest: /tmp/x}',
    ],
    'roles/web/vars/web.yml': ['web_port: 80'],
    'roles/web/templates/web.conf.j2': ['port {{ web_port }}'],
  });
  const result = await runCli(['validate', 'roles/web/tasks/main.yml'], { cwd: dir });
  assert.equal(result.code, 4);
  assert.deepEqual(
    [...result.stderr.matchAll(/main\.yml:(\d+):\d+: error\[(\w+)\]/g)].map((m) => [Number(m[1]), m[2]]),
    [[3, 'FILE_NOT_FOUND']],
  );
});

test('a role listed again with the same parameters in another order is the same role', async () => {
  const dir = tree({
    'site.yaml': [
      '- hosts: all',
      '  roles:',
      '    - {role: web, a: 1, b: 2}',
      '    - {role: web, b: 2, a: 1}',
      '    - {role: web, a: 1, b: 3}',
    ],
    'roles/web/tasks/main.yml': ['- debug: {msg: x}'],
  });
  const { problems, playbook } = load(dir);
  assert.deepEqual(problems, []);
  const keys = playbook!.plays[0]!.roles.map((r) => r.key);
  assert.equal(keys[0], keys[1]);
  assert.notEqual(keys[0], keys[2]);
});

test("a role's vars/main/ may be a directory: its files are read in sorted order, later ones winning", () => {
  const dir = tree({
    'site.yaml': [...PLAY, '    - web'],
    'roles/web/vars/main/10-base.yml': ['port: 80', 'name: base'],
    'roles/web/vars/main/20-site.yaml': ['port: 8080'],
    'roles/web/vars/main/README': ['not vars'],
    'roles/web/defaults/main.yml': ['level: 1'],
    'roles/web/tasks/main.yml': ['- debug: {msg: "{{ port }} {{ name }} {{ level }}"}'],
  });
  const { problems, playbook } = load(dir);
  assert.deepEqual(problems, []);
  const role = playbook!.plays[0]!.roles[0]!;
  assert.deepEqual([role.vars, role.defaults], [{ port: 8080, name: 'base' }, { level: 1 }]);
});

test('a playbook imported from another directory finds roles beside itself', () => {
  const dir = tree({
    'site.yaml': ['- import_playbook: sub/inner.yaml'],
    'sub/inner.yaml': [...PLAY, '    - web'],
    'sub/roles/web/tasks/main.yml': ['- {name: from sub, debug: {msg: x}}'],
  });
  const { problems, playbook } = load(dir);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    outlinePlay(playbook!.plays[0]!).map((t) => t.name),
    ['web : from sub'],
  );
});
