/**
 * Which files are read as INI, as Ansible's plugin order decides (script, yaml, ini, toml),
 * and INI sources among others.
 */
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { loadTree, where, writeTree } from './temp-inventory.js';

const INI = '[web]\nw1 port=8080\n[web:vars]\nrole=web\n';

describe('which reader a file gets', () => {
  for (const name of ['hosts.ini', 'hosts.cfg', 'hosts.txt', 'production', 'hosts.prod', 'hosts.yml']) {
    it(`${name} with INI text is read as INI`, () => {
      const { problems, inventory } = loadTree({ [name]: INI }, [name]);
      assert.deepEqual(where(problems), []);
      assert.deepEqual(inventory.hostVars('w1'), { role: 'web', port: 8080 });
    });
  }

  it('YAML stays YAML, even in a file without an extension', () => {
    const { problems, inventory } = loadTree({ hosts: 'web:\n  hosts:\n    w1:\n      port: "8080"\n' }, ['hosts']);
    assert.deepEqual(where(problems), []);
    assert.deepEqual(inventory.hostVars('w1'), { port: '8080' });
  });

  it('broken YAML without an extension gets its YAML problems, not INI ones', () => {
    const { problems } = loadTree({ hosts: 'all:\n  hosts:\n    w1: [a\n' }, ['hosts']);
    assert.deepEqual(
      problems.items.map((p) => p.code),
      ['YAML_SYNTAX'],
    );
  });

  it('broken INI without an extension gets its INI problems, not YAML ones', () => {
    const { problems } = loadTree({ hosts: '[web]\nw[01:1]\n' }, ['hosts']);
    assert.deepEqual(where(problems), ['BAD_HOST_RANGE@2:1']);
    const plain = loadTree({ hosts: 'w1 x="unclosed\n' }, ['hosts']);
    assert.deepEqual(where(plain.problems), ['INVENTORY_SHAPE@1:1']);
  });

  it('a YAML list stays a YAML problem', () => {
    assert.deepEqual(where(loadTree({ hosts: '- w1\n- w2\n' }, ['hosts']).problems), ['INVENTORY_SHAPE@1:1']);
  });

  it('a text that is both (`[web]` is a YAML list) is INI when the INI reading works, as in Ansible', () => {
    const { problems, inventory } = loadTree({ hosts: '[web]\n' }, ['hosts']);
    assert.deepEqual(where(problems), []);
    assert.ok(inventory.hasGroup('web'));
  });

  it('a script is refused: a #! line, or an executable that is not text', () => {
    assert.deepEqual(where(loadTree({ 'inv.sh': '#!/bin/sh\necho {}\n' }, ['inv.sh']).problems), ['INVENTORY_FORMAT@1:1']);
    const root = writeTree({ inv: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]) });
    chmodSync(join(root, 'inv'), 0o755);
    const problems = new ProblemList();
    loadInventory([join(root, 'inv')], problems);
    assert.deepEqual(where(problems), ['INVENTORY_FORMAT@1:1']);
  });

  it('an executable INI file is still INI (the script fails to run and Ansible moves on)', () => {
    const root = writeTree({ hosts: INI });
    chmodSync(join(root, 'hosts'), 0o755);
    const problems = new ProblemList();
    const inventory = loadInventory([join(root, 'hosts')], problems);
    assert.deepEqual(where(problems), []);
    assert.deepEqual(inventory.groupHosts('web'), ['w1']);
  });

  it('TOML is refused unless it happens to read as INI', () => {
    const toml = loadTree({ 'hosts.toml': '[web.hosts]\nw1 = {}\n' }, ['hosts.toml']);
    assert.deepEqual(where(toml.problems), ['INVENTORY_FORMAT@1:1']);
    assert.deepEqual(where(loadTree({ 'hosts.toml': '[web]\nw1\n' }, ['hosts.toml']).problems), []);
  });
});

describe('INI among other sources', () => {
  it('[g:vars] and :children may name groups of an earlier source', () => {
    const { problems, inventory } = loadTree(
      {
        'a.yml': 'web:\n  hosts:\n    w1:\n',
        'b.ini': '[web:vars]\nx=1\n[site:children]\nweb\n',
      },
      ['a.yml', 'b.ini'],
    );
    assert.deepEqual(where(problems), []);
    assert.deepEqual(inventory.hostVars('w1'), { x: 1 });
    assert.deepEqual(inventory.group('site')!.children, ['web']);
  });

  it('but a :children entry naming a group of a later source is an error, as in Ansible', () => {
    const { problems } = loadTree({ 'a.ini': '[site:children]\nweb\n', 'b.yml': 'web:\n  hosts:\n    w1:\n' }, ['a.ini', 'b.yml']);
    assert.deepEqual(where(problems), ['INVENTORY_SHAPE@2:1']);
  });

  it('a directory reads INI files without an extension and skips .ini ones with a warning', () => {
    const { problems, inventory } = loadTree({ 'inv/hosts': INI, 'inv/old.ini': '[old]\no1\n', 'inv/group_vars/web.yml': 'gv: 1\n' }, [
      'inv',
    ]);
    assert.deepEqual(where(problems), []);
    assert.deepEqual(inventory.hostNames(), ['w1']);
    assert.deepEqual(inventory.hostVars('w1'), { role: 'web', gv: 1, port: 8080 });
    assert.deepEqual(
      inventory.warnings.map((w) => w.code),
      ['INVENTORY_FORMAT'],
    );
  });

  it('host_vars/ beside an INI file override its host line', () => {
    const { problems, inventory } = loadTree({ 'hosts.ini': INI, 'host_vars/w1.yml': 'port: 9090\n' }, ['hosts.ini']);
    assert.deepEqual(where(problems), []);
    assert.equal(inventory.hostVars('w1').port, 9090);
  });

  it('every host knows the INI file it came from', () => {
    const { inventory, root } = loadTree({ 'hosts.ini': INI }, ['hosts.ini']);
    assert.equal(inventory.magicVars('w1').inventory_file, join(root, 'hosts.ini'));
    assert.equal(inventory.magicVars('w1').inventory_dir, root);
  });
});

describe('INI warnings', () => {
  it('a :vars text value that swallowed a comment', () => {
    const { problems, inventory } = loadTree({ 'hosts.ini': '[web]\nw1\n[web:vars]\nport=80 # fine\nname=web # kept\n' }, ['hosts.ini']);
    assert.deepEqual(where(problems), []);
    assert.deepEqual(inventory.hostVars('w1'), { port: 80, name: 'web # kept' });
    assert.deepEqual(where(inventory.warnings), ['INVENTORY_SHAPE@5:1']);
  });

  it('a group name Ansible warns about', () => {
    const { problems, inventory } = loadTree({ 'hosts.ini': '[web-servers]\nw1\n' }, ['hosts.ini']);
    assert.deepEqual(where(problems), []);
    assert.deepEqual(where(inventory.warnings), ['INVALID_NAME@1:2']);
  });
});

describe('a host named like a group', () => {
  // Ansible's set_variable looks the name up among groups first.
  const cases: Array<[string, string]> = [
    ['hosts.ini', '[web]\nall role=x\nw1\n'],
    ['hosts.yml', 'web:\n  hosts:\n    all:\n      role: x\n    w1:\n'],
  ];
  for (const [file, text] of cases) {
    it(`${file}: its variables go to the group, with a warning`, () => {
      const { problems, inventory } = loadTree({ [file]: text }, [file]);
      assert.deepEqual(where(problems), []);
      assert.deepEqual(inventory.hostVars('w1'), { role: 'x' });
      assert.deepEqual(inventory.groupVars('all'), { role: 'x' });
      assert.ok(inventory.warnings.some((w) => w.code === 'INVALID_NAME' && /set on the group `all`/.test(w.message)));
    });
  }

  it("a host in no group but `all` puts the group of its name under `ungrouped` (Ansible's reconcile)", () => {
    const { problems, inventory } = loadTree(
      { 'hosts.yml': 'all:\n  hosts:\n    db:\n  children:\n    db:\n      hosts:\n        d1:\n' },
      ['hosts.yml'],
    );
    assert.deepEqual(where(problems), []);
    assert.deepEqual(inventory.group('ungrouped')!.children, ['db']);
    assert.deepEqual(inventory.group('ungrouped')!.hosts, []);
  });
});
