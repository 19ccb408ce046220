/**
 * A file that exists but cannot be read says so, with its path and the reason, wherever
 * certbook reads files: "does not exist" only for what is really not there. Root reads through
 * chmod 000, so permission cases run certbook as the unprivileged test user (runuser); the rest
 * use a path through a regular file (ENOTDIR), which fails for root too.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EXIT } from '../../src/cli/exit-codes.js';
import { tempDir } from '../harness/temp-dir.js';
import { ensureTestUsers, TEST_USER } from '../harness/test-users.js';
import { runCli } from './run-cli.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'certbook.js');
const INV = 'web:\n  hosts:\n    w1: {ansible_connection: local}\n';
const PB = '- hosts: web\n  gather_facts: false\n  tasks:\n    - debug: {msg: hi}\n';

function workDir(files: Record<string, string>): string {
  const dir = tempDir('certbook-unreadable-');
  chmodSync(dir, 0o755);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true, mode: 0o755 });
    writeFileSync(join(dir, name), text, { mode: 0o644 });
  }
  return dir;
}

/** Runs the real `certbook` as the unprivileged test user, for whom chmod 000 means something. */
function runAsUser(argv: string[], cwd: string): { code: number | null; stderr: string } {
  ensureTestUsers();
  const r = spawnSync('runuser', ['-u', TEST_USER, '--', process.execPath, BIN, ...argv], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: '/tmp' },
  });
  return { code: r.status, stderr: r.stderr };
}

test('permission denied is said as such (as an unprivileged user): inventory file, inventory directory, group_vars, playbook, limit file', () => {
  const dir = workDir({
    'locked/inv.yaml': INV,
    'inv.yaml': INV,
    'pb.yml': PB,
    'invdir/hosts.yaml': INV,
    'gv/inv.yaml': INV,
    'gv/group_vars/web/a.yml': 'x: 1\n',
    'lockedpb/pb.yml': PB,
    'limits/l': 'w1\n',
  });
  for (const locked of ['locked', 'invdir', 'gv/group_vars/web', 'lockedpb', 'limits']) chmodSync(join(dir, locked), 0o000);
  const cases: Array<[string[], RegExp]> = [
    [
      ['run', 'pb.yml', '-i', 'locked/inv.yaml'],
      /error\[FILE_UNREADABLE\]: inventory source locked\/inv\.yaml cannot be read: permission denied \(EACCES\)/,
    ],
    [
      ['inventory', '-i', 'invdir', '--list'],
      /error\[FILE_UNREADABLE\]: inventory directory invdir cannot be read: permission denied \(EACCES\)/,
    ],
    [
      ['inventory', '-i', 'gv/inv.yaml', '--list'],
      /error\[FILE_UNREADABLE\]: gv\/group_vars\/web cannot be read: permission denied \(EACCES\)/,
    ],
    [
      ['run', 'lockedpb/pb.yml', '-i', 'inv.yaml'],
      /error\[FILE_UNREADABLE\]: lockedpb\/pb\.yml cannot be read: permission denied \(EACCES\)/,
    ],
    [
      ['run', 'pb.yml', '-i', 'inv.yaml', '-l', '@limits/l'],
      /error\[FILE_UNREADABLE\]: limit file limits\/l cannot be read: permission denied \(EACCES\)/,
    ],
  ];
  for (const [argv, expected] of cases) {
    const result = runAsUser(argv, dir);
    assert.equal(result.code, EXIT.LOAD_FAILED, `${argv.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, expected);
    assert.doesNotMatch(result.stderr, /does not exist|FILE_NOT_FOUND/);
  }
});

test('a path through a regular file (ENOTDIR) is "cannot be read", never "does not exist", for every kind of file', async () => {
  const dir = workDir({
    'inv.yaml': INV,
    'pb.yml': PB,
    'imports.yml': '- hosts: web\n  gather_facts: false\n  tasks:\n    - import_tasks: inv.yaml/tasks.yml\n',
    'vars.yml': '- hosts: web\n  gather_facts: false\n  vars_files: [inv.yaml/vars.yml]\n  tasks:\n    - debug: {msg: hi}\n',
  });
  const cases: Array<[string[], RegExp]> = [
    [
      ['run', 'pb.yml', '-i', 'pb.yml/inv.yaml'],
      /inventory source \S*pb\.yml\/inv\.yaml cannot be read: a part of the path is a file, not a directory \(ENOTDIR\)/,
    ],
    [['run', 'pb.yml/x.yml', '-i', 'inv.yaml'], /\S*pb\.yml\/x\.yml cannot be read: .*\(ENOTDIR\)/],
    [['run', 'pb.yml', '-i', 'inv.yaml', '-e', '@pb.yml/vars.yml'], /pb\.yml\/vars\.yml cannot be read: .*\(ENOTDIR\)/],
    [['run', 'pb.yml', '-i', 'inv.yaml', '-l', '@pb.yml/limit'], /limit file \S*pb\.yml\/limit cannot be read: .*\(ENOTDIR\)/],
    [
      ['run', 'vars.yml', '-i', 'inv.yaml'],
      /\S*vars\.yml:3:16: error\[FILE_UNREADABLE\]: inv\.yaml\/vars\.yml cannot be read: .*\(ENOTDIR\)/,
    ],
  ];
  for (const [argv, expected] of cases) {
    const result = await runCli(argv, { cwd: dir });
    assert.equal(result.code, EXIT.LOAD_FAILED, `${argv.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, expected);
    assert.doesNotMatch(result.stderr, /does not exist/);
  }
  // A task file that is really not there still says so.
  const missing = await runCli(['run', 'imports.yml', '-i', 'inv.yaml'], { cwd: dir });
  assert.equal(missing.code, EXIT.LOAD_FAILED);
  assert.match(missing.stderr, /error\[FILE_NOT_FOUND\]: task file `inv\.yaml\/tasks\.yml` does not exist/);
});
