/**
 * Host patterns and --limit values evaluated against fixtures, compared with what
 * `ansible PATTERN --list-hosts` printed (expected-patterns.tsv / expected-limits.tsv, made
 * by regenerate.sh): the same hosts in the same order. Where Ansible warned that a part
 * matched nothing, certbook must record NO_HOSTS_MATCHED; where Ansible selected hosts quietly,
 * certbook must record nothing. A play pattern naming an existing empty group is quiet in both
 * (the play is skipped); certbook is stricter where an empty selection comes from anything else.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ProblemList } from '../../src/errors/problem.js';
import { limitHosts, selectHosts, splitHostPattern } from '../../src/inventory/host-patterns.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'inventory');

interface Row {
  pattern: string;
  status: string;
  hosts: string[];
}

function rows(file: string): Row[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pattern, status, hosts] = line.split('\t') as [string, string, string];
      return { pattern, status, hosts: hosts ? hosts.split(' ') : [] };
    });
}

function inventoryOf(caseDir: string) {
  const sources = readFileSync(join(caseDir, 'sources'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((s) => join(caseDir, s));
  const problems = new ProblemList();
  const inventory = loadInventory(sources, problems);
  assert.equal(problems.items.length, 0);
  return inventory;
}

function checkProblems(row: Row, problems: ProblemList, emptyGroupIsQuiet = false): void {
  const codes = problems.items.map((p) => p.code);
  if (emptyGroupIsQuiet && row.status === 'quiet') {
    assert.deepEqual(codes, [], `${row.pattern}: an existing empty group is skipped quietly`);
  } else if (row.status === 'warned' || row.status === 'failed' || row.hosts.length === 0) {
    assert.ok(codes.includes('NO_HOSTS_MATCHED'), `${row.pattern}: expected NO_HOSTS_MATCHED, got ${codes.join(',') || 'nothing'}`);
  } else {
    assert.deepEqual(codes, [], `${row.pattern}: expected no problem`);
  }
}

const cases = readdirSync(FIXTURES).filter((c) => existsSync(join(FIXTURES, c, 'expected-patterns.tsv')));

describe('host patterns match `ansible --list-hosts`', () => {
  it('has pattern fixtures', () => assert.ok(cases.length >= 2));
  for (const name of cases) {
    const dir = join(FIXTURES, name);
    const inventory = inventoryOf(dir);
    for (const row of rows(join(dir, 'expected-patterns.tsv'))) {
      it(`${name}: ${row.pattern}`, () => {
        const problems = new ProblemList();
        assert.deepEqual(selectHosts(inventory, row.pattern, problems), row.hosts);
        const onlyGroups = splitHostPattern(row.pattern).every((p) => inventory.hasGroup(p) && !inventory.has(p));
        checkProblems(row, problems, onlyGroups);
      });
    }
    const limits = join(dir, 'expected-limits.tsv');
    if (!existsSync(limits)) continue;
    for (const row of rows(limits)) {
      it(`${name}: --limit ${row.pattern}`, () => {
        const problems = new ProblemList();
        const all = selectHosts(inventory, 'all', problems);
        assert.deepEqual(limitHosts(all, row.pattern, inventory, problems, { cwd: dir }), row.hosts);
        checkProblems(row, problems);
      });
    }
  }
});
