/**
 * Test helper: every fixture under test/fixtures/<folder>/<case>/ is loaded and printed the way
 * `ansible-inventory --list`, `--graph`, `--graph --vars` and `--host` print it; the output
 * must equal, byte for byte, what the real ansible-inventory printed (committed beside the
 * fixture by the folder's regenerate.sh).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ProblemList } from '../../src/errors/problem.js';
import { formatInventoryJson, inventoryGraph, inventoryHost, inventoryList } from '../../src/inventory/ansible-output.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

function load(root: string, caseName: string) {
  const dir = join(root, caseName);
  const sources = readFileSync(join(dir, 'sources'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((s) => (s.includes(',') ? s : join(dir, s)));
  const pbFile = join(dir, 'playbook-dir');
  const options = existsSync(pbFile) ? { playbookDir: join(dir, readFileSync(pbFile, 'utf8').trim()) } : {};
  const problems = new ProblemList();
  const inventory = loadInventory(sources, problems, options);
  assert.deepEqual(problems.items, [], `${caseName} loads without problems`);
  return { dir, inventory, problems };
}

function expected(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

/** Declares the byte-for-byte tests for every case of test/fixtures/<folder>/. */
export function describeAnsibleFixtures(folder: string, minCases: number): void {
  const root = join(FIXTURES, folder);
  const cases = readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .sort();
  describe(`${folder} fixtures match ansible-inventory byte for byte`, () => {
    it(`has at least ${minCases} cases`, () => {
      assert.ok(cases.length >= minCases, `found ${cases.length} cases`);
    });

    for (const name of cases) {
      describe(name, () => {
        it('--list', () => {
          const { dir, inventory } = load(root, name);
          assert.equal(`${formatInventoryJson(inventoryList(inventory))}\n`, expected(dir, 'expected-list.json'));
        });

        it('--graph', () => {
          const { dir, inventory, problems } = load(root, name);
          assert.equal(`${inventoryGraph(inventory, {}, problems)}\n`, expected(dir, 'expected-graph.txt'));
        });

        it('--graph --vars', () => {
          const { dir, inventory, problems } = load(root, name);
          assert.equal(`${inventoryGraph(inventory, { vars: true }, problems)}\n`, expected(dir, 'expected-graph-vars.txt'));
        });

        it('--host', () => {
          const { dir, inventory, problems } = load(root, name);
          const host = readFileSync(join(dir, 'host'), 'utf8').trim();
          const vars = inventoryHost(inventory, host, problems);
          assert.ok(vars, `${host} is one host`);
          assert.equal(`${formatInventoryJson(vars)}\n`, expected(dir, 'expected-host.json'));
        });
      });
    }
  });
}
