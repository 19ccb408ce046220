/**
 * Mutation fuzzing of the playbook and inventory loaders: thousands of seeded, reproducible
 * one-edit variants of real files. The loaders must never throw; whatever they refuse, they
 * refuse with known codes and, for problems inside a file, a position in it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { prng } from '../harness/prng.js';
import { mutate } from './mutate.js';
import { checkProblems } from './problem-checks.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'certbook-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Cases per source file; the seed is printed with any failure so it can be replayed. `npm test`
 * runs the full corpus; `npm run test:fast` sets CERTBOOK_FUZZ_CASES to run fewer.
 */
const CASES = Number(process.env.CERTBOOK_FUZZ_CASES ?? 1000);
const SEED = Number(process.env.CERTBOOK_FUZZ_SEED ?? 20261128);

function fuzz(name: string, source: string, load: (path: string, problems: ProblemList) => void): void {
  test(`${name}: ${CASES} mutations never throw and are refused with known codes and positions`, () => {
    const text = readFileSync(source, 'utf8');
    const random = prng(SEED ^ name.length);
    let refused = 0;
    for (let i = 0; i < CASES; i++) {
      const mutated = mutate(text, random);
      const path = join(dir, `${name}-${i % 8}.yaml`);
      writeFileSync(path, mutated);
      const problems = new ProblemList();
      const context = `${name} case ${i} (seed ${SEED})`;
      try {
        load(path, problems);
      } catch (error) {
        assert.fail(`${context} threw ${(error as Error).stack}\n--- input ---\n${mutated}`);
      }
      checkProblems(problems.items, context);
      if (!problems.ok) refused++;
    }
    // Most single edits break something; a fuzzer that never gets refused is not fuzzing.
    assert.ok(refused > CASES / 10, `only ${refused} of ${CASES} mutations were refused`);
  });
}

fuzz('keywords-playbook', join(fixtures, 'runner', 'keywords.yaml'), (path, problems) => void loadPlaybook(path, problems));
fuzz('variables-playbook', join(fixtures, 'playbooks', 'variables.yaml'), (path, problems) => void loadPlaybook(path, problems));
fuzz(
  'example-inventory',
  join(import.meta.dirname, '..', '..', 'inventory.example.yaml'),
  (path, problems) => void loadInventory([path], problems),
);
