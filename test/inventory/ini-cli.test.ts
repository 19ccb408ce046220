/**
 * INI inventories through the command line: `certbook inventory` prints what ansible-inventory
 * printed for k3s-ansible's sample hosts.ini, and `certbook validate` knows an INI file is an
 * inventory.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../cli/run-cli.js';
import { writeTree } from './temp-inventory.js';

const K3S = join(import.meta.dirname, '..', 'fixtures', 'inventory-ini', 'k3s-ansible-sample');

test('certbook inventory -i hosts.ini --list / --graph / --host print what ansible-inventory printed', async () => {
  const hosts = join(K3S, 'hosts.ini');
  for (const [args, file] of [
    [['--list'], 'expected-list.json'],
    [['--graph'], 'expected-graph.txt'],
    [['--host', '192.168.1.34'], 'expected-host.json'],
  ] as const) {
    const { code, stdout } = await runCli(['inventory', '-i', hosts, ...args]);
    assert.equal(code, 0);
    assert.equal(stdout, readFileSync(join(K3S, file), 'utf8'), args.join(' '));
  }
});

test('certbook validate takes an INI file for an inventory and reports its problems', async () => {
  const root = writeTree({ 'hosts.ini': '[web]\nw1\n', production: '[db]\nd1\n', 'bad.ini': '[web]\nw[01:1]\n' });
  const good = await runCli(['validate', join(root, 'hosts.ini'), join(root, 'production')]);
  assert.equal(good.code, 0);
  assert.match(good.stdout, /hosts\.ini \(inventory\)\n.*production \(inventory\)\n$/);
  const bad = await runCli(['validate', join(root, 'bad.ini')]);
  assert.equal(bad.code, 4);
  assert.match(bad.stderr, /bad\.ini:2:1: error\[BAD_HOST_RANGE\]/);
});
