/**
 * One host name given two addresses by two inventory files (two clusters that both call a node
 * `server-1`) is refused before anything runs: Ansible would merge them into one host and never
 * reach the other machine. The same name with the same address, or vars added by a second
 * file, stay Ansible's ordinary merge.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { tempDir } from '../harness/temp-dir.js';

function load(files: Record<string, string>): { problems: ProblemList; dir: string } {
  const dir = tempDir('certbook-redefined-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const problems = new ProblemList();
  loadInventory(
    Object.keys(files).map((f) => join(dir, f)),
    problems,
  );
  return { problems, dir };
}

const c1 = 'server:\n  hosts:\n    server-1:\n      ansible_host: 10.0.1.1\n';

test('two YAML files giving server-1 two addresses: HOST_REDEFINED at the second, naming the first', () => {
  const { problems, dir } = load({ 'c1.yaml': c1, 'c2.yaml': 'server:\n  hosts:\n    server-1:\n      ansible_host: 10.0.2.1\n' });
  assert.deepEqual(
    problems.items.map((p) => [p.code, p.pos?.file, p.pos?.line]),
    [['HOST_REDEFINED', join(dir, 'c2.yaml'), 4]],
  );
  assert.match(
    problems.items[0]!.message,
    new RegExp(`ansible_host=10\\.0\\.1\\.1 in ${join(dir, 'c1.yaml')}:4 and ansible_host=10\\.0\\.2\\.1`),
  );
  assert.match(problems.items[0]!.hint ?? '', /c2-server-1/);
});

test('an INI file and a YAML file disagreeing on ansible_port are refused too', () => {
  const { problems } = load({
    'c1.yaml': 'server:\n  hosts:\n    server-1:\n      ansible_port: 22\n',
    'c2.ini': '[server]\nserver-1 ansible_port=2222\n',
  });
  assert.deepEqual(
    problems.items.map((p) => [p.code, p.pos?.line]),
    [['HOST_REDEFINED', 2]],
  );
});

test('the same address twice, or a second file adding other vars, is an ordinary merge', () => {
  const { problems } = load({
    'c1.yaml': c1,
    'extra.yaml': 'server:\n  hosts:\n    server-1:\n      ansible_host: 10.0.1.1\n      k3s_cluster_name: prod\n',
  });
  assert.deepEqual(problems.items, []);
});

test('one file writing a host twice is not a redefinition across files', () => {
  const { problems } = load({
    'one.yaml': 'a:\n  hosts:\n    h1:\n      ansible_host: 10.0.0.1\nb:\n  hosts:\n    h1:\n      ansible_host: 10.0.0.2\n',
  });
  assert.deepEqual(problems.items, []);
});
