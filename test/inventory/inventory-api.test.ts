/**
 * The Inventory API the runner uses: host order, groups, merged vars and where they came
 * from, magic vars, the implicit localhost, mergeVars.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeVars } from '../../src/inventory/merge-vars.js';
import { loadTree } from './temp-inventory.js';

const NESTED = `all:
  hosts:
    bastion:
  vars:
    v: all
  children:
    k3s:
      vars:
        v: k3s
      children:
        servers:
          hosts:
            srv1:
              v: host
            srv2:
        agents:
          hosts:
            agt1:
            srv2:
    ops:
      hosts:
        agt1:
`;

describe('Inventory', () => {
  it('lists hosts in inventory order and groups in definition order', () => {
    const { inventory, problems } = loadTree({ 'hosts.yml': NESTED });
    assert.deepEqual(problems.items, []);
    assert.deepEqual(inventory.hostNames(), ['bastion', 'agt1', 'srv1', 'srv2']);
    assert.deepEqual(inventory.groupNames(), ['all', 'ungrouped', 'k3s', 'servers', 'agents', 'ops']);
    assert.deepEqual(inventory.groupHosts('k3s'), ['srv1', 'srv2', 'agt1']);
    assert.deepEqual(inventory.groupHosts('nope'), []);
  });

  it('answers membership questions', () => {
    const { inventory } = loadTree({ 'hosts.yml': NESTED });
    assert.equal(inventory.has('srv2'), true);
    assert.equal(inventory.has('k3s'), false);
    assert.equal(inventory.hasGroup('ungrouped'), true);
    assert.deepEqual(inventory.groupsOf('srv2'), ['agents', 'k3s', 'servers']);
    assert.deepEqual(inventory.groupsOf('bastion'), ['ungrouped']);
    assert.deepEqual(inventory.group('k3s')!.children, ['servers', 'agents']);
    assert.equal(inventory.group('servers')!.depth, 2);
  });

  it('merges variables and remembers where each came from', () => {
    const { inventory, root } = loadTree({ 'hosts.yml': NESTED, 'group_vars/servers.yml': '# servers\nfrom_file: yes\n' });
    assert.deepEqual(inventory.hostVars('srv1'), { v: 'host', from_file: true });
    assert.deepEqual(inventory.hostVars('srv2'), { v: 'k3s', from_file: true });
    assert.deepEqual(inventory.varOrigin('srv1', 'v'), { file: `${root}/hosts.yml`, line: 14, col: 15 });
    assert.deepEqual(inventory.varOrigin('srv2', 'v'), { file: `${root}/hosts.yml`, line: 9, col: 9 });
    assert.equal(inventory.varOrigin('srv2', 'from_file')!.line, 2);
    assert.equal(inventory.varOrigin('srv2', 'nope'), undefined);
    assert.deepEqual(inventory.hostVars('unknown'), {});
  });

  it('freezes shared values so one host cannot change another', () => {
    const { inventory } = loadTree({ 'hosts.yml': 'all:\n  vars:\n    list: [1]\n  hosts:\n    a:\n    b:\n' });
    const a = inventory.hostVars('a');
    assert.throws(() => (a.list as number[]).push(2), TypeError);
    a.extra = 1; // the top-level object is the caller's own
    assert.deepEqual(inventory.hostVars('b'), { list: [1] });
  });

  it('gives magic variables', () => {
    const { inventory, root } = loadTree({
      'hosts.yml': 'all:\n  children:\n    web:\n      hosts:\n        web1.example.com:\n        10.0.0.1:\n',
    });
    assert.deepEqual(inventory.magicVars('web1.example.com'), {
      inventory_hostname: 'web1.example.com',
      inventory_hostname_short: 'web1',
      group_names: ['web'],
      inventory_file: `${root}/hosts.yml`,
      inventory_dir: root,
    });
    assert.equal(inventory.magicVars('10.0.0.1').inventory_hostname_short, '10.0.0.1');
    assert.deepEqual(inventory.groupsMagicVar(), {
      all: ['web1.example.com', '10.0.0.1'],
      ungrouped: [],
      web: ['web1.example.com', '10.0.0.1'],
    });
  });

  it('treats localhost as implicit when the inventory has no localhost-like host', () => {
    const { inventory } = loadTree({ 'hosts.yml': 'all:\n  vars:\n    v: 1\n  hosts:\n    web1:\n', 'host_vars/localhost.yml': 'h: 2\n' });
    assert.equal(inventory.isImplicitLocalhost('localhost'), true);
    assert.equal(inventory.has('localhost'), false);
    assert.deepEqual(inventory.hostVars('localhost'), { v: 1, ansible_connection: 'local', h: 2 });
    assert.deepEqual(inventory.hostNames(), ['web1']);
    assert.deepEqual(inventory.warnings, []);
  });

  it('a port in the host key is ansible_port, only where the host is first defined', () => {
    const text =
      'all:\n  children:\n    a:\n      hosts:\n        h1:2222:\n        h2:\n    b:\n      hosts:\n        h1:\n        h2:2200:\n';
    const { inventory } = loadTree({ 'hosts.yml': text });
    assert.deepEqual(inventory.hostVars('h1'), { ansible_port: 2222 });
    assert.deepEqual(inventory.hostVars('h2'), {});
  });

  it('reads a host list source', () => {
    const { inventory, problems } = loadTree({}, ['a, b:2222 ,[::1]:22,c[1:2],']);
    assert.deepEqual(problems.items, []);
    assert.deepEqual(inventory.hostNames(), ['a', 'b', '::1', 'c[1:2]']);
    assert.deepEqual(inventory.hostVars('b'), { ansible_port: 2222 });
    assert.deepEqual(inventory.groupsOf('a'), ['ungrouped']);
    assert.equal(inventory.magicVars('a').inventory_dir, null);
  });

  it("uses playbook-adjacent group_vars and host_vars over the inventory's", () => {
    const { inventory } = loadTree(
      {
        'inv/hosts.yml': 'all:\n  hosts:\n    w1:\n',
        'inv/group_vars/all.yml': 'a: inv\nb: inv\nc: inv\n',
        'inv/host_vars/w1.yml': 'c: inv-host\n',
        'pb/group_vars/all.yml': 'b: pb\n',
        'pb/host_vars/w1.yml': 'c: pb-host\n',
      },
      ['inv/hosts.yml'],
      { playbookDir: 'pb' },
    );
    assert.deepEqual(inventory.hostVars('w1'), { a: 'inv', b: 'pb', c: 'pb-host' });
  });
});

describe('mergeVars', () => {
  it('replaces whole values, later layers winning, and skips undefined layers', () => {
    const merged = mergeVars({ a: 1, d: { x: 1, y: 2 } }, undefined, { d: { x: 9 }, b: 2 }, { a: 3 });
    assert.deepEqual(merged, { a: 3, d: { x: 9 }, b: 2 });
  });

  it('does not change its inputs and keeps odd names as own properties', () => {
    const low = { a: 1 };
    const high = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const merged = mergeVars(low, high);
    assert.deepEqual(low, { a: 1 });
    assert.equal(Object.hasOwn(merged, '__proto__'), true);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(merged), ['a', '__proto__']);
  });
});
