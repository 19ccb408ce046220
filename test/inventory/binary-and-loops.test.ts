/**
 * Inputs that crashed certbook (exit 250): `!!binary` anywhere a variable can come from, and
 * symbolic links that loop (and branch) inside an inventory directory.
 */
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EXIT } from '../../src/cli/exit-codes.js';
import { decodeLikeAnsible } from '../../src/yaml/binary-text.js';
import { runCli } from '../cli/run-cli.js';
import { tempDir } from '../harness/temp-dir.js';

const HELLO = Buffer.from('hello world').toString('base64');

test('!!binary in an inventory value: --list shows the text (ansible-inventory 2.14 crashes here), --host too', async () => {
  const dir = tempDir('certbook-binary-');
  writeFileSync(
    join(dir, 'inv.yaml'),
    `web:\n  hosts:\n    w1:\n      blob: !!binary ${HELLO}\n  vars:\n    group_blob: !!binary |\n      ${HELLO}\n`,
  );
  const list = await runCli(['inventory', '-i', 'inv.yaml', '--list'], { cwd: dir });
  assert.equal(list.code, EXIT.OK, list.stderr);
  const hostvars = (JSON.parse(list.stdout) as { _meta: { hostvars: Record<string, Record<string, unknown>> } })._meta.hostvars;
  assert.deepEqual(hostvars.w1, { blob: 'hello world', group_blob: 'hello world' });
  const host = await runCli(['inventory', '-i', 'inv.yaml', '--host', 'w1'], { cwd: dir });
  assert.equal(host.code, EXIT.OK, host.stderr);
  assert.equal((JSON.parse(host.stdout) as Record<string, unknown>).blob, 'hello world');
});

test('!!binary in play vars, an inventory and -e prints the text in debug, as ansible-playbook does', async () => {
  const dir = tempDir('certbook-binary-');
  writeFileSync(join(dir, 'inv.yaml'), `web:\n  hosts:\n    w1: {ansible_connection: local, inv_blob: !!binary ${HELLO}}\n`);
  writeFileSync(
    join(dir, 'pb.yml'),
    [
      '- hosts: web',
      '  gather_facts: false',
      '  vars:',
      `    play_blob: !!binary ${HELLO}`,
      '    odd: !!binary /2hp',
      '  tasks:',
      '    - debug: {var: play_blob}',
      '    - debug: {var: inv_blob}',
      '    - debug: {var: extra_blob}',
      '    - debug: {msg: "{{ odd }}"}',
      '',
    ].join('\n'),
  );
  const result = await runCli(['run', 'pb.yml', '-i', 'inv.yaml', '-e', `{"extra_blob": !!binary ${HELLO}}`], { cwd: dir });
  assert.equal(result.code, EXIT.OK, result.stderr);
  for (const name of ['play_blob', 'inv_blob', 'extra_blob'])
    assert.ok(result.stdout.includes(`"${name}": "hello world"`), `${name}: ${result.stdout}`);
  // An undecodable byte is a `?`, as Ansible's to_text shows it.
  assert.ok(result.stdout.includes('"msg": "?hi"'), result.stdout);
  assert.doesNotMatch(result.stdout, /Buffer/);
});

test('!!binary that is not base64 is a YAML problem at its line and column (exit 4)', async () => {
  const dir = tempDir('certbook-binary-');
  writeFileSync(join(dir, 'inv.yaml'), 'web:\n  hosts:\n    w1:\n      blob: !!binary "not base64!"\n');
  const result = await runCli(['inventory', '-i', 'inv.yaml', '--list'], { cwd: dir });
  assert.equal(result.code, EXIT.LOAD_FAILED, result.stderr);
  assert.match(result.stderr, /inv\.yaml:4:13: error\[YAML_SYNTAX\]: a !!binary value must be base64/);
});

test('text decoding of bytes: UTF-8 kept, each stray byte a ?', () => {
  assert.equal(decodeLikeAnsible(Buffer.from('héllo ✓', 'utf8')), 'héllo ✓');
  assert.equal(decodeLikeAnsible(Buffer.from([0xff, 0x68, 0xc3, 0x28, 0xe2, 0x82])), '?h?(??');
  assert.equal(decodeLikeAnsible(Buffer.from([0xed, 0xa0, 0x80])), '???', 'an encoded surrogate is not UTF-8');
});

test('branching symbolic-link loops in an inventory directory and in group_vars: read once each, warned, no crash', async () => {
  const dir = tempDir('certbook-loops-');
  const inv = join(dir, 'inv');
  mkdirSync(join(inv, 'a', 'b'), { recursive: true });
  mkdirSync(join(inv, 'group_vars', 'web'), { recursive: true });
  writeFileSync(join(inv, 'hosts.yaml'), 'web:\n  hosts:\n    w1:\n');
  writeFileSync(join(inv, 'group_vars', 'web', 'a.yml'), 'gv: 1\n');
  // Several links back up at each level: each one alone is a loop, together they branch.
  for (const [at, to] of <Array<[string, string]>>[
    ['a/up', '..'],
    ['a/up2', '..'],
    ['a/self', '.'],
    ['a/b/top', '../..'],
    ['a/b/mid', '..'],
    ['group_vars/web/loop', '..'],
    ['group_vars/web/here', '.'],
  ]) {
    symlinkSync(to, join(inv, at));
  }
  const started = Date.now();
  const result = await runCli(['inventory', '-i', 'inv', '--list'], { cwd: dir });
  assert.equal(result.code, EXIT.OK, result.stderr);
  assert.ok(Date.now() - started < 20_000, 'no exponential walk');
  const parsed = JSON.parse(result.stdout) as { web: { hosts: string[] }; _meta: { hostvars: Record<string, Record<string, unknown>> } };
  assert.deepEqual(parsed.web.hosts, ['w1']);
  assert.deepEqual(parsed._meta.hostvars.w1, { gv: 1 });
  assert.equal(result.stderr.match(/\[WARNING\]: \S+ is not read again/g)?.length, 5, result.stderr);
});
