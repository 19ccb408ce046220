/**
 * The editor schema accepts every fixture inventory and rejects the shapes the loader rejects.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { INVENTORY_SCHEMA } from '../../src/inventory/inventory-schema.js';
import { createAjv } from '../../src/validate/ajv.js';
import { ansibleTags } from '../../src/yaml/ansible-tags.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'inventory');
const validate = createAjv({ strictRequired: false }).compile(INVENTORY_SCHEMA);

function read(text: string): unknown {
  return parse(text, { version: '1.1', merge: true, customTags: ansibleTags });
}

/** Inventory files of the fixtures: whatever the `sources` files name (directories expanded). */
function inventoryFiles(): string[] {
  const files: string[] = [];
  const walk = (path: string): void => {
    if (!statSync(path).isDirectory()) {
      files.push(path);
      return;
    }
    for (const entry of readdirSync(path)) {
      if (/^\.|^group_vars$|^host_vars$|\.(ini|md|txt|retry)$|~$/.test(entry)) continue;
      walk(join(path, entry));
    }
  };
  for (const name of readdirSync(FIXTURES)) {
    const dir = join(FIXTURES, name);
    if (!statSync(dir).isDirectory()) continue;
    for (const source of readFileSync(join(dir, 'sources'), 'utf8').split('\n')) {
      if (source && !source.includes(',')) walk(join(dir, source));
    }
  }
  return files;
}

describe('INVENTORY_SCHEMA', () => {
  const files = inventoryFiles();

  it('covers the fixture inventories', () => assert.ok(files.length >= 12, `${files.length} files`));

  for (const file of files) {
    it(`accepts ${file.slice(FIXTURES.length + 1)}`, () => {
      const ok = validate(read(readFileSync(file, 'utf8')));
      assert.equal(ok, true, JSON.stringify(validate.errors));
    });
  }

  const rejected: Record<string, string> = {
    'hosts as a list': 'all:\n  hosts:\n    - web1\n',
    'an unknown group key': 'all:\n  host:\n    web1:\n',
    'a group that is a list': 'web:\n  - a\n',
    'a port that is not a number': 'all:\n  vars:\n    ansible_port: ssh\n',
    'an unknown connection': 'all:\n  vars:\n    ansible_connection: winrm\n',
    'a plugin configuration': 'plugin: aws_ec2\n',
    'a bad group priority': 'web:\n  vars:\n    ansible_group_priority: high\n',
  };
  for (const [what, text] of Object.entries(rejected)) {
    it(`rejects ${what}`, () => assert.equal(validate(read(text)), false));
  }

  it('accepts templated connection values and Ansible booleans', () => {
    assert.equal(
      validate(read('all:\n  vars:\n    ansible_port: "{{ p }}"\n    ansible_become: "Yes"\n    ansible_host_key_checking: accept-new\n')),
      true,
    );
  });
});
