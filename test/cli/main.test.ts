import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EXIT } from '../../src/cli/exit-codes.js';
import { tempDir } from '../harness/temp-dir.js';
import { runCli } from './run-cli.js';

const listing = fileURLToPath(new URL('./fixtures/listing/', import.meta.url));
const broken = fileURLToPath(new URL('../fixtures/broken/', import.meta.url));
const pb = relative(process.cwd(), join(listing, 'pb.yml'));
const inv = relative(process.cwd(), join(listing, 'inv.yaml'));

function workDir(files: Record<string, string>): string {
  const dir = tempDir('certbook-cli-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test('--version prints the package version', async () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const { code, stdout } = await runCli(['--version']);
  assert.equal(code, EXIT.OK);
  assert.equal(stdout.split('\n')[0], `certbook ${pkg.version}`);
});

test('exit codes are the ones ansible-playbook uses', () => {
  assert.deepEqual(
    { ...EXIT },
    { OK: 0, ERROR: 1, HOSTS_FAILED: 2, HOSTS_UNREACHABLE: 3, LOAD_FAILED: 4, BAD_OPTIONS: 5, INTERRUPTED: 99, INTERNAL_ERROR: 250 },
  );
});

// Bad command lines: exit 5, nothing on stdout, the offending word named on stderr.
const BAD: Array<[string[], string]> = [
  [[], 'no command'],
  [['rnu'], '`run`'],
  [['site.yml'], 'certbook run site.yml'],
  [['-i', 'inv', 'pb.yml'], 'must come after'],
  [['--chek'], '--chek'],
  [['run', pb, '-i', inv, '--chek'], '--chek'],
  [['run', pb, '-i', inv, '-f', 'lots'], '-f'],
  [['run', pb, '-i', inv, '-e', 'not kv'], '-e #1'],
  [['run', pb, '--syntax-check', '--check'], '--check'],
  [['run', pb], '-i'],
  [['run', 'check-expriy', '--list-tasks'], 'check-expriy'],
  [['run', pb, '--list-tasks', '--start-at-task', 'sya hi'], '`say hi`'],
  [['validate'], 'at least one file'],
  [['validate', '--kind', 'role', pb], '--kind'],
  [['inventory', '-i', inv], 'needs an action'],
  [['inventory', '-i', inv, '--list', '--graph'], '--graph'],
  [['inventory', '--list'], 'needs an inventory'],
  [['inventory', '-i', inv, '--list', '--vars'], '--vars'],
  [['inventory', '-i', inv, '--host', 'nope'], 'nope'],
  [['inventory', '-i', inv, '--graph', 'nogroup'], 'nogroup'],
  [['steps', 'shlel'], '`shell`'],
  [['steps', 'a', 'b'], '`b`'],
  [['demo', 'now'], '`now`'],
  [['help', 'x', 'y'], '`y`'],
];
for (const [argv, named] of BAD) {
  test(`certbook ${argv.join(' ')} → exit 5 naming ${named}`, async () => {
    const { code, stdout, stderr } = await runCli(argv);
    assert.equal(code, EXIT.BAD_OPTIONS, stderr);
    assert.equal(stdout, '');
    assert.ok(stderr.includes(named), stderr);
    // A name that is not in the inventory keeps the inventory's own code (UNKNOWN_HOST).
    assert.match(stderr, /error\[(BAD_OPTION|UNKNOWN_HOST)\]/);
  });
}

test('bad options stop everything: a missing playbook is not even looked at', async () => {
  const { code, stderr } = await runCli(['run', 'missing.yaml', '-i', 'missing-inventory.yaml', '--chek']);
  assert.equal(code, EXIT.BAD_OPTIONS);
  assert.doesNotMatch(stderr, /FILE_NOT_FOUND/);
});

test('an unexpected exception is exit 250 with one line, the stack only with -vvv', async () => {
  const boom = new Error('injected failure');
  const quiet = await runCli(['run', pb, '--list-tasks'], { stdoutThrows: boom });
  assert.equal(quiet.code, EXIT.INTERNAL_ERROR);
  assert.match(quiet.stderr, /internal error: Error: injected failure/);
  assert.doesNotMatch(quiet.stderr, /\n\s+at /);
  const loud = await runCli(['run', pb, '--list-tasks', '-vvv'], { stdoutThrows: boom });
  assert.equal(loud.code, EXIT.INTERNAL_ERROR);
  assert.match(loud.stderr, /\n\s+at /);
});

test('steps lists every step, steps NAME shows one', async () => {
  const { STEPS } = await import('../../src/steps/registry.js');
  const list = await runCli(['steps']);
  assert.equal(list.code, EXIT.OK);
  assert.equal(list.stdout.trimEnd().split('\n').length, STEPS.size);
  const one = await runCli(['steps', 'shell']);
  assert.equal(one.code, EXIT.OK);
  assert.ok(one.stdout.startsWith('shell - '));
});

test('run --syntax-check: 0 for a good playbook, 4 with every problem for a broken one', async () => {
  const good = await runCli(['run', pb, '--syntax-check']);
  assert.equal(good.code, EXIT.OK);
  assert.equal(good.stdout, `\nplaybook: ${pb}\n`);
  const bad = await runCli(['run', join(broken, '04-unknown-step.yaml'), '--syntax-check']);
  assert.equal(bad.code, EXIT.LOAD_FAILED);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /error\[UNKNOWN_STEP\]/);
});

test('run loads and checks everything, then runs the plays and prints the recap (exit 0)', async () => {
  const dir = workDir({
    'pb.yml': '- hosts: web\n  tasks:\n    - command: echo hi\n',
    'inv.yaml': 'web:\n  hosts:\n    w1: {ansible_connection: local}\n',
  });
  const result = await runCli(['run', 'pb.yml', '-i', 'inv.yaml'], { cwd: dir });
  assert.equal(result.code, EXIT.OK, result.stderr);
  assert.match(result.stdout, /^changed: \[w1\]$/m);
  assert.match(result.stdout, /^w1 +: ok=2 +changed=1 +unreachable=0 +failed=0 /m);
});

test('run --metrics writes a Prometheus text file, privately and atomically', async () => {
  const dir = workDir({
    'pb.yml': '- hosts: web\n  tasks:\n    - command: echo hi\n',
    'inv.yaml': 'web:\n  hosts:\n    w1: {ansible_connection: local}\n',
  });
  const result = await runCli(['run', 'pb.yml', '-i', 'inv.yaml', '--metrics', 'run.prom'], { cwd: dir });
  assert.equal(result.code, EXIT.OK, result.stderr);
  const text = readFileSync(join(dir, 'run.prom'), 'utf8');
  assert.match(text, /^certbook_run_exit_code\{playbook="pb"\} 0$/m);
  assert.match(text, /^certbook_host_tasks\{playbook="pb",host="w1",counter="changed"\} 1$/m);
  assert.equal(statSync(join(dir, 'run.prom')).mode & 0o777, 0o600);
});

test('run: a broken playbook, inventory, @file or host pattern exits 4 before anything else', async () => {
  const dir = workDir({
    'pb.yml': '- hosts: web\n  tasks:\n    - command: echo hi\n',
    'typo.yml': '- hosts: wbe\n  tasks:\n    - command: echo hi\n',
    'inv.yaml': 'web:\n  hosts:\n    w1:\n',
    'bad-inv.yaml': 'web:\n  hosts: [w1\n',
  });
  const cases: Array<[string[], string]> = [
    [['run', 'missing.yml', '-i', 'inv.yaml'], 'FILE_NOT_FOUND'],
    [['run', 'pb.yml', '-i', 'bad-inv.yaml'], 'YAML_SYNTAX'],
    [['run', 'pb.yml', '-i', 'inv.yaml', '-e', '@nope.yaml'], 'FILE_NOT_FOUND'],
    [['run', 'typo.yml', '-i', 'inv.yaml'], 'NO_HOSTS_MATCHED'],
    [['run', 'pb.yml', '-i', 'inv.yaml', '-l', 'nothere'], 'NO_HOSTS_MATCHED'],
  ];
  for (const [argv, code] of cases) {
    const result = await runCli(argv, { cwd: dir });
    assert.equal(result.code, EXIT.LOAD_FAILED, argv.join(' '));
    assert.match(result.stderr, new RegExp(`error\\[${code}\\]`), argv.join(' '));
  }
});

test('run: -e feeds templated host patterns', async () => {
  const dir = workDir({
    'pb.yml': '- hosts: "{{ target }}"\n  tasks: []\n',
    'inv.yaml': 'web:\n  hosts:\n    w1:\ndb:\n  hosts:\n    d1:\n',
  });
  const result = await runCli(['run', 'pb.yml', '-i', 'inv.yaml', '--list-hosts', '-e', 'target=db'], { cwd: dir });
  assert.equal(result.code, EXIT.OK, result.stderr);
  assert.match(result.stdout, /pattern: \['db'\]\n {4}hosts \(1\):\n {6}d1\n/);
  const missing = await runCli(['run', 'pb.yml', '-i', 'inv.yaml', '--list-hosts'], { cwd: dir });
  assert.equal(missing.code, EXIT.LOAD_FAILED);
  assert.match(missing.stderr, /error\[UNDEFINED_VARIABLE\]/);
});

test('validate: tells playbooks, task files and inventories apart; 4 when any file is broken', async () => {
  const dir = workDir({
    'pb.yml': '- hosts: all\n  tasks:\n    - command: echo hi\n',
    'tasks.yml': '- name: t\n  command: echo hi\n',
    'inv.yaml': 'web:\n  hosts:\n    w1:\n',
  });
  const good = await runCli(['validate', 'pb.yml', 'tasks.yml', 'inv.yaml'], { cwd: dir });
  assert.equal(good.code, EXIT.OK, good.stderr);
  assert.deepEqual(good.stdout.trimEnd().split('\n'), ['ok: pb.yml (playbook)', 'ok: tasks.yml (task file)', 'ok: inv.yaml (inventory)']);
  const mixed = await runCli([
    'validate',
    join(dir, 'pb.yml'),
    join(broken, '05-unknown-argument.yaml'),
    join(broken, '02-duplicate-key.yaml'),
  ]);
  assert.equal(mixed.code, EXIT.LOAD_FAILED);
  assert.equal(mixed.stdout.trimEnd().split('\n').length, 1);
  assert.match(mixed.stderr, /error\[UNKNOWN_ARGUMENT\]/);
  assert.match(mixed.stderr, /error\[DUPLICATE_KEY\]/);
  const forced = await runCli(['validate', '--kind', 'tasks', 'pb.yml'], { cwd: dir });
  assert.equal(forced.code, EXIT.LOAD_FAILED);
});

test('inventory --list, --host and --graph', async () => {
  const list = await runCli(['inventory', '-i', inv, '--list']);
  assert.equal(list.code, EXIT.OK);
  const parsed = JSON.parse(list.stdout) as { _meta: { hostvars: Record<string, unknown> }; web: { hosts: string[] } };
  assert.deepEqual(parsed.web.hosts, ['w1', 'w2']);
  assert.deepEqual(parsed._meta.hostvars, { w1: { x: 1 } });
  const host = await runCli(['inventory', '-i', inv, '--host', 'w1']);
  assert.deepEqual(JSON.parse(host.stdout), { x: 1 });
  const yaml = await runCli(['inventory', '-i', inv, '--host', 'w1', '--yaml']);
  assert.equal(yaml.stdout, 'x: 1\n');
  const graph = await runCli(['inventory', '-i', inv, '--graph', 'web']);
  assert.equal(graph.stdout, '@web:\n  |--w1\n  |--w2\n');
});

test('run: a variable defined nowhere (not inventory, play, or -e) exits 4; -e or the inventory defines it', async () => {
  const dir = workDir({
    'pb.yml': '- hosts: web\n  tasks:\n    - command: "echo {{ release }}"\n',
    'inv.yaml': 'web:\n  hosts:\n    w1:\n',
    'inv-with-var.yaml': 'web:\n  hosts:\n    w1:\n      release: v1\n',
  });
  const missing = await runCli(['run', 'pb.yml', '-i', 'inv.yaml', '--list-tasks'], { cwd: dir });
  assert.equal(missing.code, EXIT.LOAD_FAILED);
  assert.match(missing.stderr, /error\[UNDEFINED_VARIABLE\]/);
  const fromExtraVars = await runCli(['run', 'pb.yml', '-i', 'inv.yaml', '--list-tasks', '-e', 'release=v2'], { cwd: dir });
  assert.equal(fromExtraVars.code, EXIT.OK, fromExtraVars.stderr);
  const fromInventory = await runCli(['run', 'pb.yml', '-i', 'inv-with-var.yaml', '--syntax-check'], { cwd: dir });
  assert.equal(fromInventory.code, EXIT.OK, fromInventory.stderr);
});
