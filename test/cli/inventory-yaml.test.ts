import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { dumpYaml, yamlInventoryFromList } from '../../src/cli/inventory-yaml.js';
import { runCli } from './run-cli.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/inventory-yaml/${name}`, import.meta.url), 'utf8');

test('--list --yaml from the --list object matches ansible-inventory byte for byte', () => {
  // Ansible's own --list JSON in, Ansible's own --list --yaml out: nested groups, a host in two
  // groups (vars at its first appearance only), group vars merged into hosts, an implicit ungrouped.
  const list = JSON.parse(fixture('list.json')) as Record<string, unknown>;
  assert.equal(dumpYaml(yamlInventoryFromList(list)), fixture('list.yaml'));
});

test('groups without an entry (no hosts, no children) become empty mappings', () => {
  const yaml = yamlInventoryFromList({ all: { children: ['ungrouped', 'empty'] }, _meta: { hostvars: {} } });
  assert.deepEqual(yaml, { all: { children: { ungrouped: {}, empty: {} } } });
});

test('certbook inventory --list --yaml end to end', async () => {
  const inv = new URL('./fixtures/inventory-yaml/inv.yaml', import.meta.url).pathname;
  const result = await runCli(['inventory', '-i', inv, '--list', '--yaml']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, fixture('list.yaml'));
  const json = await runCli(['inventory', '-i', inv, '--list']);
  assert.equal(json.stdout, fixture('list.json'));
});
