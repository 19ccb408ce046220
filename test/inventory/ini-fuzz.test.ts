/**
 * Mutation fuzzing of the INI reader: seeded one-edit variants of INI fixtures, loaded both as
 * `hosts.ini` and as an extension-less `hosts` (where the YAML reader goes first and INI is the
 * fallback). The loader must never throw; whatever it refuses, it refuses with known codes
 * and, for problems inside a file, a position with the line quoted.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { mutate } from '../fuzz/mutate.js';
import { checkProblems } from '../fuzz/problem-checks.js';
import { prng } from '../harness/prng.js';
import { writeTree } from './temp-inventory.js';

const CASES = 300;
const SEED = Number(process.env.CERTBOOK_FUZZ_SEED ?? 20261207);
const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'inventory-ini');
const dir = writeTree({});

for (const fixture of ['k3s-ansible-sample', 'values', 'vars-sections', 'children-before-definition']) {
  test(`${fixture}: ${CASES} mutations never throw and are refused with known codes and positions`, () => {
    const text = readFileSync(join(CORPUS, fixture, 'hosts.ini'), 'utf8');
    const random = prng(SEED ^ fixture.length);
    let refused = 0;
    for (let i = 0; i < CASES; i++) {
      const mutated = mutate(text, random);
      const path = join(dir, i % 2 === 0 ? 'hosts.ini' : 'hosts');
      writeFileSync(path, mutated);
      const problems = new ProblemList();
      const context = `${fixture} case ${i} (seed ${SEED})`;
      try {
        loadInventory([path], problems);
      } catch (error) {
        assert.fail(`${context} threw ${(error as Error).stack}\n--- input ---\n${mutated}`);
      }
      checkProblems(problems.items, context);
      if (!problems.ok) refused++;
    }
    // INI forgives most edits (a changed value is still a value, often text), yet some must be refused.
    assert.ok(refused > CASES / 20, `only ${refused} of ${CASES} mutations were refused`);
  });
}
