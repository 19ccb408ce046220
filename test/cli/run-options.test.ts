import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRunOptions, type RunCommandOptions } from '../../src/cli/args/run-options.js';
import { DEFAULT_FORKS } from '../../src/cli/args/run-spec.js';

function ok(argv: string[]): RunCommandOptions {
  const { options, problems } = parseRunOptions(argv);
  assert.deepEqual(problems, [], argv.join(' '));
  return options!;
}

function options(argv: string[]): string[] {
  const { options: parsed, problems } = parseRunOptions(argv);
  assert.equal(parsed, undefined);
  return problems.map((p) => p.option);
}

test('every run option lands in its typed field', () => {
  const argv = [
    'site.yaml',
    '-i',
    'inv.yaml',
    '-i',
    'h1,h2,',
    '--steps-path',
    'team/steps',
    '--roles-path',
    'team/roles',
    '-l',
    'web',
    '--limit=db,!db3',
    '-t',
    'a,b',
    '--skip-tags',
    'c',
    '-e',
    'x=1',
    '-C',
    '-D',
    '-f',
    '7',
    '--start-at-task',
    'restart*',
    '-vv',
    '-u',
    'deploy',
    '--key-file',
    'id',
    '-k',
    '-T',
    '30',
    '--ssh-common-args',
    '-o ProxyJump=b',
    '--host-key-checking',
    'accept-new',
    '-b',
    '--become-user',
    'k3s',
    '--become-method=su',
    '-K',
    '--report',
    'r.json',
    '--events',
    'e.jsonl',
    '--junit',
    'j.xml',
    '--metrics',
    'm.prom',
    '--output-mode',
    '0644',
    '--renderer',
    'json',
  ];
  assert.deepEqual(ok(argv), {
    help: false,
    playbook: 'site.yaml',
    inventory: ['inv.yaml', 'h1,h2,'],
    stepsPath: ['team/steps'],
    rolesPath: ['team/roles'],
    limit: ['web', 'db', '!db3'],
    tags: ['a', 'b'],
    skipTags: ['c'],
    extraVars: [{ form: 'key=value', index: 1, vars: { x: '1' } }],
    check: true,
    diff: true,
    forks: 7,
    listHosts: false,
    listTasks: false,
    listTags: false,
    syntaxCheck: false,
    startAtTask: 'restart*',
    verbosity: 2,
    user: 'deploy',
    privateKey: 'id',
    askPass: true,
    timeout: 30,
    sshCommonArgs: '-o ProxyJump=b',
    hostKeyChecking: 'accept-new',
    become: true,
    becomeUser: 'k3s',
    becomeMethod: 'su',
    askBecomePass: true,
    report: 'r.json',
    events: 'e.jsonl',
    junit: 'j.xml',
    metrics: 'm.prom',
    outputMode: 0o644,
    renderer: 'json',
  });
});

test('defaults: forks, renderer, no optional fields present', () => {
  const parsed = ok(['pb.yaml', '-i', 'inv']);
  assert.equal(parsed.forks, DEFAULT_FORKS);
  assert.equal(parsed.renderer, 'auto');
  assert.equal(parsed.verbosity, 0);
  for (const key of ['user', 'timeout', 'startAtTask', 'hostKeyChecking', 'report', 'becomeMethod'])
    assert.equal(key in parsed, false, key);
});

test('options may come before or after the playbook', () => {
  assert.equal(ok(['-i', 'inv', '-C', 'pb.yaml']).playbook, 'pb.yaml');
  assert.equal(ok(['pb.yaml', '-C', '-i', 'inv']).playbook, 'pb.yaml');
});

test('the playbook is required, and only one', () => {
  assert.deepEqual(options(['-i', 'inv']), ['PLAYBOOK']);
  assert.deepEqual(options(['a.yaml', 'b.yaml', '-i', 'inv']), ['b.yaml']);
});

test('an inventory is required unless only the playbook is read', () => {
  assert.deepEqual(options(['pb.yaml']), ['-i']);
  assert.deepEqual(options(['pb.yaml', '--list-hosts']), ['-i']);
  assert.deepEqual(options(['pb.yaml', '--list-tasks', '--list-hosts']), ['-i']);
  ok(['pb.yaml', '--syntax-check']);
  ok(['pb.yaml', '--list-tasks']);
  ok(['pb.yaml', '--list-tags']);
});

test('--syntax-check conflicts with options that do more than load', () => {
  assert.deepEqual(options(['pb.yaml', '--syntax-check', '--check']), ['--check']);
  assert.deepEqual(options(['pb.yaml', '--syntax-check', '-D', '--list-tasks', '--start-at-task', 'x']), [
    '--diff',
    '--list-tasks',
    '--start-at-task',
  ]);
  ok(['pb.yaml', '--syntax-check', '-e', 'a=1', '-v']);
});

test('--help wins over everything else', () => {
  const { options: parsed, problems } = parseRunOptions(['--chek', '--help']);
  assert.deepEqual(problems, []);
  assert.equal(parsed?.help, true);
});

test('ansible-playbook options certbook lacks are explained, not matched to a neighbour', () => {
  for (const flag of ['--step', '--flush-cache', '--vault-id=x', '-c', '--connection', '--ask-vault-pass']) {
    const { problems } = parseRunOptions(['pb.yaml', '-i', 'inv', flag]);
    assert.equal(problems.length, 1, flag);
    assert.equal(problems[0]!.option, flag.split('=')[0]);
    assert.match(problems[0]!.message, /not supported/);
  }
});

test('-e values are parsed in order, each with its index', () => {
  const parsed = ok([
    'pb.yaml',
    '-i',
    'inv',
    '-e',
    'a=1 b="two words"',
    '-e',
    '{"a": 3, "l": [1]}',
    '-e',
    '@vars.yaml',
    '-e',
    '',
    '-e',
    'c=4',
  ]);
  assert.deepEqual(parsed.extraVars, [
    { form: 'key=value', index: 1, vars: { a: '1', b: 'two words' } },
    { form: 'yaml', index: 2, vars: { a: 3, l: [1] } },
    { form: 'file', index: 3, path: 'vars.yaml' },
    { form: 'key=value', index: 5, vars: { c: '4' } },
  ]);
});
