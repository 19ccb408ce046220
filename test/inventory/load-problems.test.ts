/**
 * Every load problem the inventory reports, with its code and line:col, and the warnings that
 * are not problems.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadTree, where } from './temp-inventory.js';

describe('inventory shape problems', () => {
  it('hosts written as a list', () => {
    const { problems } = loadTree({ 'hosts.yml': 'all:\n  children:\n    web:\n      hosts:\n        - web1\n        - web2\n' });
    assert.deepEqual(where(problems), ['INVENTORY_SHAPE@5:9']);
    assert.match(problems.items[0]!.hint!, /not as a list item/);
  });

  it('a group that is a string', () => {
    const { problems, inventory } = loadTree({ 'hosts.yml': 'all:\n  hosts:\n    a:\nweb: web1\n' });
    assert.deepEqual(where(problems), ['INVENTORY_SHAPE@4:6']);
    assert.equal(inventory.hasGroup('web'), false);
    assert.deepEqual(inventory.hostNames(), ['a']);
  });

  it('an unknown key in a group, with a did-you-mean hint', () => {
    const { problems } = loadTree({ 'hosts.yml': 'all:\n  children:\n    web:\n      host:\n        web1:\n' });
    assert.deepEqual(where(problems), ['INVENTORY_SHAPE@4:7']);
    assert.equal(problems.items[0]!.hint, 'did you mean `hosts`?');
  });

  it('a top-level section key that would become a group', () => {
    const { problems, inventory } = loadTree({ 'hosts.yml': 'hosts:\n  web1:\nall:\n  hosts:\n    db1:\n' });
    assert.deepEqual(where(problems), ['INVENTORY_SHAPE@1:1']);
    assert.equal(inventory.hasGroup('hosts'), false);
  });

  it('host vars that are not a mapping', () => {
    const { problems } = loadTree({ 'hosts.yml': 'all:\n  hosts:\n    web1: 10.0.0.1\n' });
    assert.deepEqual(where(problems), ['INVENTORY_SHAPE@3:11']);
  });

  it('vars that are a list', () => {
    const { problems } = loadTree({ 'hosts.yml': 'all:\n  vars:\n    - a: 1\n' });
    assert.deepEqual(where(problems), ['INVENTORY_SHAPE@3:5']);
  });

  it('an empty file and a file that is not a mapping', () => {
    assert.deepEqual(where(loadTree({ 'hosts.yml': '# nothing\n' }).problems), ['INVENTORY_SHAPE@1:1']);
    assert.deepEqual(where(loadTree({ 'hosts.yml': '- web1\n- web2\n' }).problems), ['INVENTORY_SHAPE@1:1']);
  });

  it('keeps collecting after a problem', () => {
    const text = 'all:\n  children:\n    web:\n      hosts: [a]\n    db:\n      hostz:\n    ok:\n      hosts:\n        good:\n';
    const { problems, inventory } = loadTree({ 'hosts.yml': text });
    assert.deepEqual(where(problems), ['INVENTORY_SHAPE@4:14', 'INVENTORY_SHAPE@6:7']);
    assert.deepEqual(inventory.groupHosts('ok'), ['good']);
  });

  it('duplicate keys come from the YAML reader', () => {
    const { problems } = loadTree({ 'hosts.yml': 'all:\n  hosts:\n    a:\n    a:\n' });
    assert.deepEqual(
      problems.items.map((p) => p.code),
      ['DUPLICATE_KEY'],
    );
  });
});

describe('host ranges', () => {
  const cases: Array<[string, string]> = [
    ['web[01:1]', 'pads its begin'],
    ['web[5:1]', 'begin after its end'],
    ['web[c:a]', 'begin after its end'],
    ['web[1:]', 'no end value'],
    ['web[1:2:3:4]', 'begin:end'],
    ['web[a:3]', 'mixes letters and numbers'],
    ['web[1:3:0]', 'positive step'],
    ['web[1:3', 'bracket'],
  ];
  for (const [key, fragment] of cases) {
    it(`${key} is BAD_HOST_RANGE at the key`, () => {
      const { problems } = loadTree({ 'hosts.yml': `all:\n  hosts:\n    "${key}":\n` });
      assert.deepEqual(where(problems), ['BAD_HOST_RANGE@3:5']);
      assert.ok(problems.items[0]!.message.includes(fragment), problems.items[0]!.message);
    });
  }
});

describe('group cycles and names', () => {
  it('a loop of children is GROUP_CYCLE at the entry that closes it', () => {
    const text = 'a:\n  children:\n    b:\n      children:\n        c:\nc:\n  children:\n    a:\n';
    const { problems, inventory } = loadTree({ 'hosts.yml': text });
    assert.deepEqual(where(problems), ['GROUP_CYCLE@8:5']);
    assert.match(problems.items[0]!.message, /`a` contains `b` contains `c` contains `a`/);
    assert.deepEqual(inventory.group('c')!.children, []);
  });

  it('a group that is its own child', () => {
    const { problems } = loadTree({ 'hosts.yml': 'a:\n  children:\n    a:\n' });
    assert.deepEqual(where(problems), ['GROUP_CYCLE@3:5']);
  });

  it('`all` under another group', () => {
    const { problems } = loadTree({ 'hosts.yml': 'web:\n  children:\n    all:\n' });
    assert.deepEqual(where(problems), ['GROUP_CYCLE@3:5']);
  });

  it('non-string group, host and variable names are INVALID_NAME', () => {
    const text = 'all:\n  children:\n    123:\n    yes:\n  hosts:\n    1.5:\n    ok:\n      7: x\n';
    const { problems } = loadTree({ 'hosts.yml': text });
    assert.deepEqual(where(problems), ['INVALID_NAME@3:5', 'INVALID_NAME@4:5', 'INVALID_NAME@6:5', 'INVALID_NAME@8:7']);
  });

  it('a group name with `-` is accepted with a warning, as in Ansible', () => {
    const { problems, inventory } = loadTree({ 'hosts.yml': 'all:\n  children:\n    web-servers:\n      hosts:\n        w1:\n' });
    assert.deepEqual(where(problems), []);
    assert.deepEqual(inventory.groupHosts('web-servers'), ['w1']);
    assert.deepEqual(where(inventory.warnings), ['INVALID_NAME@3:5']);
  });

  it('a name that is both a group and a host is a warning', () => {
    const { problems, inventory } = loadTree({ 'hosts.yml': 'all:\n  hosts:\n    db:\n  children:\n    db:\n' });
    assert.deepEqual(where(problems), []);
    assert.deepEqual(
      inventory.warnings.map((w) => w.code),
      ['INVALID_NAME'],
    );
  });

  it('a bad ansible_group_priority', () => {
    const { problems } = loadTree({ 'hosts.yml': 'all:\n  children:\n    web:\n      vars:\n        ansible_group_priority: high\n' });
    assert.deepEqual(where(problems), ['WRONG_TYPE@5:33']);
  });
});

describe('sources', () => {
  it('a missing source is FILE_NOT_FOUND with a hint at a near name', () => {
    const { problems } = loadTree({ 'hosts.yml': 'all:\n  hosts:\n    a:\n' }, ['host.yml']);
    assert.deepEqual(where(problems), ['FILE_NOT_FOUND']);
    assert.equal(problems.items[0]!.hint, 'did you mean `hosts.yml`?');
  });

  it('an .ini file is read as an INI inventory', () => {
    const { problems, inventory } = loadTree({ 'hosts.ini': '[web]\nweb1\n' }, ['hosts.ini']);
    assert.deepEqual(where(problems), []);
    assert.deepEqual(inventory.groupHosts('web'), ['web1']);
  });

  it('INI text in a file without an extension is read as INI, as Ansible falls back from yaml to ini', () => {
    const { problems, inventory } = loadTree({ hosts: '# legacy\n[web]\nweb1 ansible_host=10.0.0.1\n\n[web:vars]\nx=1\n' }, ['hosts']);
    assert.deepEqual(where(problems), []);
    assert.deepEqual(inventory.hostVars('web1'), { x: 1, ansible_host: '10.0.0.1' });
  });

  it('a script (a #! line) is INVENTORY_FORMAT', () => {
    const { problems } = loadTree({ 'inv.py': '#!/usr/bin/env python3\n' }, ['inv.py']);
    assert.deepEqual(
      problems.items.map((p) => p.code),
      ['INVENTORY_FORMAT'],
    );
  });

  it('a plugin configuration and --list output are INVENTORY_FORMAT', () => {
    assert.deepEqual(where(loadTree({ 'hosts.yml': 'plugin: aws_ec2\nregions: [eu-west-1]\n' }).problems), ['INVENTORY_FORMAT@1:1']);
    const list = '{"_meta": {"hostvars": {}}, "all": {"children": ["ungrouped"]}}';
    assert.deepEqual(
      loadTree({ 'inv.json': list }, ['inv.json']).problems.items.map((p) => p.code),
      ['INVENTORY_FORMAT'],
    );
  });

  it('a directory source skips ignored files and reads the rest', () => {
    const { problems, inventory } = loadTree(
      {
        'inv/a.yml': 'all:\n  hosts:\n    a1:\n',
        'inv/b.ini': '[x]\ny\n',
        'inv/c.txt': 'junk',
        'inv/.d.yml': 'junk: [',
        'inv/group_vars/all.yml': 'v: 1\n',
        'inv/e.sh': '#!/bin/sh\necho',
        'inv/sub/f.yaml': 'g:\n  hosts:\n    f1:\n',
      },
      ['inv'],
    );
    assert.deepEqual(
      problems.items.map((p) => p.code),
      ['INVENTORY_FORMAT'],
    ); // e.sh: scripts are not supported
    assert.deepEqual(inventory.hostNames(), ['a1', 'f1']);
    // b.ini is skipped, as Ansible skips it, and certbook says so.
    assert.deepEqual(
      inventory.warnings.filter((w) => w.code === 'INVENTORY_FORMAT').map((w) => w.pos?.file.split('/').pop()),
      ['b.ini'],
    );
    assert.deepEqual(inventory.hostVars('f1'), { v: 1 });
  });
});

describe('vars files', () => {
  it('a vars file that is not a mapping, and one that does not parse', () => {
    const { problems } = loadTree({
      'hosts.yml': 'all:\n  children:\n    web:\n      hosts:\n        w1:\n',
      'group_vars/web.yml': '- a\n- b\n',
      'host_vars/w1.yml': 'a: [1, 2\n',
    });
    const found = problems.items.map((p) => `${p.code} ${p.pos?.file.split('/').slice(-2).join('/')}:${p.pos?.line}`);
    assert.deepEqual(found, ['INVENTORY_SHAPE group_vars/web.yml:1', 'YAML_SYNTAX host_vars/w1.yml:2']);
  });

  it('unused and shadowed vars files are warnings with a hint', () => {
    const { problems, inventory } = loadTree({
      'hosts.yml': 'all:\n  children:\n    web:\n      hosts:\n        w1:\n',
      'group_vars/webb.yml': 'a: 1\n',
      'group_vars/web.yml': 'b: 1\n',
      'group_vars/web.yaml': 'c: 1\n',
      'host_vars/w2.yml': 'd: 1\n',
    });
    assert.deepEqual(problems.items, []);
    const messages = inventory.warnings.filter((w) => w.code === 'UNUSED_VARS_FILE');
    assert.equal(messages.length, 3);
    assert.ok(messages.some((w) => w.hint === 'did you mean `web`?'));
    assert.ok(messages.some((w) => /web\.yaml is never read/.test(w.message)));
    assert.deepEqual(inventory.hostVars('w1'), { b: 1 });
  });
});
