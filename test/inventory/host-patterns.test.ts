/**
 * Host-pattern problems and the forms not covered by the ansible --list-hosts fixtures.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import { limitHosts, orderPatterns, selectHosts, splitHostPattern } from '../../src/inventory/host-patterns.js';
import { parseSource } from '../../src/yaml/source-file.js';
import { loadTree, where } from './temp-inventory.js';

const HOSTS = 'all:\n  children:\n    web:\n      hosts:\n        web[1:3]:\n    db:\n      hosts:\n        db1:\n    empty:\n';

describe('splitHostPattern and orderPatterns', () => {
  it('splits as Ansible does', () => {
    assert.deepEqual(splitHostPattern('a, b[1] , c[2:3],d'), ['a', 'b[1]', 'c[2:3]', 'd']);
    assert.deepEqual(splitHostPattern('web:&db:!x'), ['web', '&db', '!x']);
    assert.deepEqual(splitHostPattern('web[1:3]'), ['web[1:3]']);
    assert.deepEqual(splitHostPattern('fe80::1'), ['fe80::1']);
    assert.deepEqual(splitHostPattern('host:22'), ['host:22']);
    assert.deepEqual(splitHostPattern('web db'), ['web', 'db']);
    assert.deepEqual(splitHostPattern(['a:b', 'c']), ['a', 'b', 'c']);
  });
  it('orders unions, then intersections, then exclusions, adding all when needed', () => {
    assert.deepEqual(orderPatterns(['!x', 'a', '&b', 'c']), ['a', 'c', '&b', '!x']);
    assert.deepEqual(orderPatterns(['!x']), ['all', '!x']);
  });
});

describe('selectHosts problems', () => {
  const { inventory } = loadTree({ 'hosts.yml': HOSTS });

  it('names the unmatched part with a did-you-mean hint over hosts and groups', () => {
    const problems = new ProblemList();
    assert.deepEqual(selectHosts(inventory, 'web:wbe', problems), ['web1', 'web2', 'web3']);
    assert.deepEqual(
      problems.items.map((p) => [p.code, p.hint]),
      [['NO_HOSTS_MATCHED', 'did you mean `web`?']],
    );
    assert.match(problems.items[0]!.message, /`wbe`/);
  });

  it('a pattern that selects nothing is NO_HOSTS_MATCHED naming the pattern; an existing empty group is not', () => {
    const problems = new ProblemList();
    // A group that exists with no hosts (a k3s cluster without agents) is skipped, as in Ansible.
    assert.deepEqual(selectHosts(inventory, 'empty', problems), []);
    assert.deepEqual(problems.items, []);
    const limited = new ProblemList();
    assert.deepEqual(limitHosts(['web1'], 'empty', inventory, limited), []);
    assert.deepEqual(
      limited.items.map((p) => p.code),
      ['NO_HOSTS_MATCHED'],
      '--limit to nothing is still a mistake',
    );
    assert.equal(limited.items[0]!.hint, 'group `empty` has no hosts');
    const p2 = new ProblemList();
    selectHosts(inventory, 'web:&db', p2);
    assert.deepEqual(
      p2.items.map((p) => p.code),
      ['NO_HOSTS_MATCHED'],
    );
  });

  it('points at the line where the pattern is written', () => {
    const problems = new ProblemList();
    const source = parseSource('site.yml', '- name: deploy\n  hosts: webz\n', problems)!;
    const node = source.doc.getIn([0, 'hosts'], true) as unknown;
    selectHosts(inventory, 'webz', problems, { source, node });
    assert.deepEqual(where(problems), ['NO_HOSTS_MATCHED@2:10']);
    assert.equal(problems.items[0]!.sourceLine, '  hosts: webz');
  });

  it('bad regexes, out-of-range subscripts and empty patterns are BAD_HOST_PATTERN', () => {
    for (const pattern of ['~web(', 'web[7]', 'web[-4]', '', ' , ']) {
      const problems = new ProblemList();
      assert.deepEqual(selectHosts(inventory, pattern, problems), [], pattern);
      assert.deepEqual(
        problems.items.map((p) => p.code),
        ['BAD_HOST_PATTERN'],
        pattern,
      );
    }
  });

  it('subscripts follow Ansible, including its end-of-0 quirk', () => {
    const problems = new ProblemList();
    assert.deepEqual(selectHosts(inventory, 'web[1:0]', problems), ['web2']);
    assert.deepEqual(selectHosts(inventory, 'web[1:]', problems), ['web2', 'web3']);
    assert.deepEqual(selectHosts(inventory, 'web[5:9]:db', problems), ['db1']);
    assert.deepEqual(problems.items, []);
  });

  it('selects the implicit localhost', () => {
    const problems = new ProblemList();
    assert.deepEqual(selectHosts(inventory, 'localhost', problems), ['localhost']);
    assert.deepEqual(selectHosts(inventory, 'all', problems).includes('localhost'), false);
    assert.deepEqual(problems.items, []);
  });

  it("accepts a list of patterns (a play's `hosts:` list)", () => {
    const problems = new ProblemList();
    assert.deepEqual(selectHosts(inventory, ['db', 'web[0]'], problems), ['db1', 'web1']);
  });
});

describe('limitHosts', () => {
  const { inventory, root } = loadTree({ 'hosts.yml': HOSTS, 'limit.txt': 'db1\n\nweb[2]\n' });
  const all = ['web1', 'web2', 'web3', 'db1'];

  it('keeps the order of the given hosts', () => {
    const problems = new ProblemList();
    assert.deepEqual(limitHosts(all, 'db1,web1', inventory, problems), ['web1', 'db1']);
    assert.deepEqual(limitHosts(all, '', inventory, problems), all);
    assert.deepEqual(problems.items, []);
  });

  it('reads @file, one pattern per line', () => {
    const problems = new ProblemList();
    assert.deepEqual(limitHosts(all, '@limit.txt', inventory, problems, { cwd: root }), ['web3', 'db1']);
    assert.deepEqual(problems.items, []);
  });

  it('a missing @file is FILE_NOT_FOUND; a limit matching nothing is NO_HOSTS_MATCHED', () => {
    const problems = new ProblemList();
    assert.deepEqual(limitHosts(all, '@nope.txt', inventory, problems, { cwd: root }), all);
    assert.deepEqual(limitHosts(all, 'dbb', inventory, problems), []);
    assert.deepEqual(
      problems.items.map((p) => p.code),
      ['FILE_NOT_FOUND', 'NO_HOSTS_MATCHED'],
    );
    assert.equal(problems.items[1]!.hint, 'did you mean `db`?');
  });
});
