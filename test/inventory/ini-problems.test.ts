/**
 * Broken INI inventories: every problem with its code and line:col. The files under
 * test/fixtures/inventory-ini-errors/ are the ones Ansible's ini plugin was run on; where its
 * message names a line (expected-ansible.tsv), certbook must report a problem on that line.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { loadTree, where } from './temp-inventory.js';

const ERRORS = join(import.meta.dirname, '..', 'fixtures', 'inventory-ini-errors');

/** What certbook reports for each broken file (Ansible stops at the first error; certbook reads on). */
const EXPECTED: Record<string, string[]> = {
  'bad-child-line.ini': ['INVENTORY_SHAPE@2:1'],
  'bad-group-priority.ini': ['WRONG_TYPE@2:1'],
  'bad-header.ini': ['INVENTORY_SHAPE@1:1'],
  'bad-range.ini': ['BAD_HOST_RANGE@2:1'],
  'byte-order-mark.ini': ['INVENTORY_SHAPE@1:1'],
  'child-all.ini': ['GROUP_CYCLE@2:1'],
  'child-declared-by-vars-only.ini': ['INVENTORY_SHAPE@2:1'],
  'group-cycle.ini': ['GROUP_CYCLE@4:1'],
  'host-ends-in-colon.ini': ['INVENTORY_SHAPE@2:1'],
  'missing-child.ini': ['INVENTORY_SHAPE@2:1'],
  'semicolon-after-host.ini': ['INVENTORY_SHAPE@2:8'],
  // Ansible reads it, then cannot print the set; certbook refuses the value up front.
  'set-value.ini': ['WRONG_TYPE@2:3'],
  'several-problems.ini': ['BAD_HOST_RANGE@9:1', 'INVENTORY_SHAPE@7:1'],
  'unclosed-quote.ini': ['INVENTORY_SHAPE@2:1'],
  'unhashable-key.ini': ['WRONG_TYPE@2:3'],
  'unknown-section-type.ini': ['INVENTORY_SHAPE@3:1'],
  'vars-for-undefined-group.ini': ['INVENTORY_SHAPE@1:1'],
  'vars-without-equals.ini': ['INVENTORY_SHAPE@2:1', 'INVENTORY_SHAPE@1:1'],
};

const ansible = new Map(
  readFileSync(join(ERRORS, 'expected-ansible.tsv'), 'utf8')
    .trim()
    .split('\n')
    .map((row) => {
      const [file, line, message] = row.split('\t') as [string, string, string];
      return [file, { line: line === '-' ? undefined : Number(line), message }];
    }),
);

function load(file: string): ProblemList {
  const problems = new ProblemList();
  loadInventory([join(ERRORS, file)], problems);
  return problems;
}

describe('broken INI inventories', () => {
  it('every fixture has an expectation and an Ansible result', () => {
    assert.deepEqual([...ansible.keys()].sort(), Object.keys(EXPECTED).sort());
  });

  for (const [file, problems] of Object.entries(EXPECTED)) {
    it(`${file}: ${problems.join(', ')}`, () => {
      const found = load(file);
      assert.deepEqual(where(found), problems);
      for (const problem of found.items) {
        assert.ok(problem.hint, `${problem.code} has a hint`);
        assert.ok(problem.sourceLine !== undefined, `${problem.code} quotes its line`);
        assert.ok(problem.pos!.file.endsWith(file));
      }
      const line = ansible.get(file)!.line;
      if (line !== undefined)
        assert.ok(
          found.items.some((p) => p.pos?.line === line),
          `Ansible's line ${line} is reported`,
        );
    });
  }

  it('Ansible fails on every fixture but the set, which it reads and then cannot print', () => {
    const parsed = [...ansible].filter(([, r]) => r.message === 'parsed').map(([file]) => file);
    assert.deepEqual(parsed, ['set-value.ini']);
  });
});

describe('INI problems in context', () => {
  const ini = (text: string) => loadTree({ 'hosts.ini': text }, ['hosts.ini']);

  it('a missing child names the group and suggests a near one', () => {
    const { problems } = ini('[site:children]\nwebb\n[web]\nw1\n');
    assert.deepEqual(where(problems), ['INVENTORY_SHAPE@2:1']);
    assert.match(problems.items[0]!.message, /`webb`/);
    assert.match(problems.items[0]!.hint!, /did you mean `web`\?/);
  });

  it('an unknown section type suggests the right one', () => {
    const { problems } = ini('[web:child]\nw1\n[web]\n');
    assert.deepEqual(where(problems), ['INVENTORY_SHAPE@1:1']);
    assert.equal(problems.items[0]!.hint, 'did you mean `children`?');
  });

  it('lines after a broken header are skipped, not added to the group before it', () => {
    const { problems, inventory } = ini('[web]\nw1\n[web servers]\nw2\n[db]\nd1\n');
    assert.deepEqual(where(problems), ['INVENTORY_SHAPE@3:1']);
    assert.deepEqual(inventory.groupHosts('web'), ['w1']);
    assert.deepEqual(inventory.groupHosts('db'), ['d1']);
  });

  it('a host line with a problem defines no host; the other lines still count', () => {
    const { problems, inventory } = ini('[web]\nw1 port\nw2 x="{1, 2}"\nw3\n');
    assert.deepEqual(where(problems), ['INVENTORY_SHAPE@2:4', 'WRONG_TYPE@3:4']);
    assert.deepEqual(inventory.groupHosts('web'), ['w3']);
  });

  it('values certbook cannot hold are WRONG_TYPE, each at its variable', () => {
    const { problems } = ini('[g]\nh a="1+2j" b=... c="[b\'x\']" d="\'\\N{BULLET}\'" e="{(1, 2): 3}"\n');
    assert.deepEqual(where(problems), ['WRONG_TYPE@2:3', 'WRONG_TYPE@2:12', 'WRONG_TYPE@2:18', 'WRONG_TYPE@2:29', 'WRONG_TYPE@2:46']);
  });

  it('empty names', () => {
    const { problems } = ini('[g]\nh =1\n""\n[g:vars]\n=2\n');
    assert.deepEqual(where(problems), ['INVALID_NAME@2:3', 'INVALID_NAME@3:1', 'INVALID_NAME@5:1']);
  });

  it('`---` in an INI reading is a YAML document that did not parse', () => {
    const { problems } = ini('---\n[web]\n');
    assert.deepEqual(where(problems), ['INVENTORY_SHAPE@1:1']);
  });

  it('an empty INI file is INVENTORY_SHAPE, like an empty YAML one', () => {
    assert.deepEqual(where(ini('# nothing here\n; nor here\n\n').problems), ['INVENTORY_SHAPE@1:1']);
  });

  it('a group that is its own child is GROUP_CYCLE', () => {
    assert.deepEqual(where(ini('[a:children]\na\n[a]\n').problems), ['GROUP_CYCLE@2:1']);
  });

  it('positions count lines as Python splitlines() does and columns after the indentation', () => {
    const { problems } = ini('[g]\rh1\f  h2 x="unclosed\n');
    assert.deepEqual(where(problems), ['INVENTORY_SHAPE@3:3']);
  });

  it('a non-UTF-8 byte is tolerated in a comment line only', () => {
    const ok = loadTree({ 'hosts.ini': Buffer.from('# caf\xe9\n[g]\nh\n', 'latin1') }, ['hosts.ini']);
    assert.deepEqual(where(ok.problems), []);
    const bad = loadTree({ 'hosts.ini': Buffer.from('[g]\nh x=caf\xe9\n', 'latin1') }, ['hosts.ini']);
    assert.deepEqual(where(bad.problems), ['FILE_UNREADABLE@2:8']);
  });

  it('a bad ansible_port in an INI file is the connection-variable problem it is in YAML', () => {
    const { problems } = ini('[g]\nh ansible_port=ssh\n');
    assert.deepEqual(
      problems.items.map((p) => p.code),
      ['WRONG_TYPE'],
    );
  });
});
