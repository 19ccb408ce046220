import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EXIT } from '../../src/cli/exit-codes.js';
import { formatListing, type ListedPlay, pythonString } from '../../src/cli/list-output.js';
import { tempDir } from '../harness/temp-dir.js';
import { runCli } from './run-cli.js';

// Captured from ansible-playbook 2.14 (see fixtures/listing/README.md).
const dir = fileURLToPath(new URL('./fixtures/listing/', import.meta.url));
const expected = (name: string): string => readFileSync(join(dir, name), 'utf8');

/** Hosts per play, in the (set) order Ansible happened to print them. */
function ansibleHosts(text: string): string[][] {
  return text
    .split('\n  play #')
    .slice(1)
    .map((block) => {
      const lines = block.split('\n');
      const start = lines.findIndex((l) => /^ {4}hosts \(\d+\):$/.test(l));
      if (start < 0) return [];
      const end = lines.findIndex((l, i) => i > start && !/^ {6}\S/.test(l));
      return lines.slice(start + 1, end < 0 ? undefined : end).map((l) => l.trim());
    });
}

const TASKS = [
  [
    { name: 'pre', tags: ['p1'] },
    { name: 'say hi', tags: ['always', 'p1', 't1'] },
    { name: 'debug', tags: ['p1'] },
    { name: 'in block', tags: ['blk', 'p1'] },
  ],
  [{ name: 'nothing', tags: [] }],
  [],
];

function plays(hosts: string[][], tasks = TASKS): ListedPlay[] {
  return [
    { name: 'first play', pattern: 'all', tags: ['p1'], hosts: hosts[0] ?? [], tasks: tasks[0]! },
    { name: 'web:db', pattern: 'web:db', tags: [], hosts: hosts[1] ?? [], tasks: tasks[1]! },
    { name: 'empty', pattern: 'nomatch', tags: [], hosts: hosts[2] ?? [], tasks: tasks[2]! },
  ];
}

test('--list-hosts output is byte-identical to ansible-playbook', () => {
  const text = expected('list-hosts.txt');
  assert.equal(formatListing({ path: 'pb.yml', plays: plays(ansibleHosts(text)) }, { hosts: true, tasks: false, tags: false }), text);
});

test('--list-tasks output is byte-identical to ansible-playbook', () => {
  assert.equal(formatListing({ path: 'pb.yml', plays: plays([]) }, { hosts: false, tasks: true, tags: false }), expected('list-tasks.txt'));
});

test('--list-tags output is byte-identical to ansible-playbook', () => {
  assert.equal(formatListing({ path: 'pb.yml', plays: plays([]) }, { hosts: false, tasks: false, tags: true }), expected('list-tags.txt'));
});

test('all three listings together are byte-identical to ansible-playbook', () => {
  const text = expected('list-all.txt');
  assert.equal(formatListing({ path: 'pb.yml', plays: plays(ansibleHosts(text)) }, { hosts: true, tasks: true, tags: true }), text);
});

test('pythonString quotes like Python repr', () => {
  assert.equal(pythonString('all'), "'all'");
  assert.equal(pythonString("it's"), '"it\'s"');
  assert.equal(pythonString('a\'b"c'), "'a\\'b\"c'");
  assert.equal(pythonString('back\\slash'), "'back\\\\slash'");
});

// End to end: the real loader and tag selection behind `certbook run`, same bytes as Ansible.
const pb = relative(process.cwd(), join(dir, 'pb.yml'));
const withPath = (text: string): string => text.replace('playbook: pb.yml', `playbook: ${pb}`);

for (const [name, flags] of [
  ['list-tasks.txt', ['--list-tasks']],
  ['list-tags.txt', ['--list-tags']],
  ['list-filtered.txt', ['--list-tasks', '--list-tags', '-t', 't1,blk', '--skip-tags', 'always']],
] as const) {
  test(`certbook run ${flags.join(' ')} prints what ansible-playbook prints`, async () => {
    const result = await runCli(['run', pb, ...flags]);
    assert.equal(result.stderr, '');
    assert.equal(result.code, EXIT.OK);
    assert.equal(result.stdout, withPath(expected(name)));
  });
}

test('certbook run --list-hosts selects hosts through the inventory and --limit', async () => {
  const play1 = readFileSync(join(dir, 'pb.yml'), 'utf8').split('\n- name: empty')[0]!;
  const { writeFileSync, copyFileSync } = await import('node:fs');
  const work = tempDir('certbook-list-');
  writeFileSync(join(work, 'pb.yml'), `${play1}\n`);
  copyFileSync(join(dir, 'inv.yaml'), join(work, 'inv.yaml'));
  const result = await runCli(['run', join(work, 'pb.yml'), '-i', join(work, 'inv.yaml'), '--list-hosts', '-l', 'web', '--limit', 'a']);
  assert.equal(result.code, EXIT.OK, result.stderr);
  assert.deepEqual(ansibleHosts(result.stdout), [
    ['a', 'w1', 'w2'],
    ['w1', 'w2'],
  ]);
  assert.match(result.stdout, /hosts \(3\):/);
});
