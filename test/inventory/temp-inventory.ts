/**
 * Test helper: writes a small inventory tree to a fresh temporary directory and loads it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ProblemList } from '../../src/errors/problem.js';
import type { Inventory } from '../../src/inventory/inventory.js';
import { type LoadInventoryOptions, loadInventory } from '../../src/inventory/load-inventory.js';

const created: string[] = [];
process.on('exit', () => {
  for (const root of created) rmSync(root, { recursive: true, force: true });
});

/** Writes `files` (relative path → text) under a new temporary directory (removed at exit); returns it. */
export function writeTree(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'certbook-inv-'));
  created.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Writes the tree and loads `sources` (paths relative to the tree, or host lists). */
export function loadTree(
  files: Record<string, string | Uint8Array>,
  sources: string[] = ['hosts.yml'],
  options: LoadInventoryOptions = {},
): { inventory: Inventory; problems: ProblemList; root: string } {
  const root = writeTree(files);
  const problems = new ProblemList();
  const resolved = sources.map((s) => (s.includes(',') ? s : join(root, s)));
  const opts = options.playbookDir !== undefined ? { playbookDir: join(root, options.playbookDir) } : {};
  const inventory = loadInventory(resolved, problems, opts);
  return { inventory, problems, root };
}

/** `CODE@line:col` for each problem, the form the tests assert on. */
export function where(problems: ProblemList | readonly { code: string; pos?: { line: number; col: number } }[]): string[] {
  const items = problems instanceof ProblemList ? problems.items : problems;
  return items.map((p) => (p.pos ? `${p.code}@${p.pos.line}:${p.pos.col}` : p.code));
}
