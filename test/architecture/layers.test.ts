/**
 * The layer check: the import graph of `src/` (read with TypeScript's own pre-processor) against
 * the layering in `layers.ts` and `docs/architecture.md`. Runs in `npm test` like every test file.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { folderOf, type ImportEdge, importGraph, sourceFiles } from './import-graph.js';
import { BOTTOM, MAY_IMPORT, OTHER_PROGRAMS, OUTSIDE_SOURCE, PACKAGE_OWNERS } from './layers.js';

const repo = join(import.meta.dirname, '..', '..');
const src = join(repo, 'src');
const edges = importGraph(src);
const files = sourceFiles(src);
const bottom: readonly string[] = BOTTOM;

/** What `folder` may import besides itself. */
function allowed(folder: string): readonly string[] {
  const at = bottom.indexOf(folder);
  if (at >= 0) return bottom.slice(at + 1);
  return [...(MAY_IMPORT[folder] ?? []), ...bottom];
}

function where(edge: ImportEdge): string {
  return `src/${edge.from}:${edge.line} imports ${edge.to}`;
}

describe('layers', () => {
  test('every folder of src/ has its place in the layering', () => {
    const known = new Set([...bottom, ...Object.keys(MAY_IMPORT)]);
    const unplaced = [...new Set(files.map(folderOf))].filter((f) => !known.has(f));
    assert.deepEqual(unplaced, [], 'add the folder to test/architecture/layers.ts and docs/architecture.md');
  });

  test('the layering has no cycle: every folder can be ranked below the ones that import it', () => {
    const ranked: string[] = [];
    const pending = new Set(Object.keys(MAY_IMPORT));
    while (pending.size > 0) {
      const next = [...pending].find((f) => MAY_IMPORT[f]!.every((dep) => !pending.has(dep)));
      assert.ok(next, `these folders import each other: ${[...pending].join(', ')}`);
      ranked.push(next);
      pending.delete(next);
    }
    for (const deps of Object.values(MAY_IMPORT))
      for (const dep of deps) assert.ok(!bottom.includes(dep), `${dep} is at the bottom already`);
  });

  test('every import between folders goes down the layering', () => {
    const skips = edges
      .filter((e) => !e.external && !e.to.startsWith('../'))
      .filter((e) => folderOf(e.from) !== folderOf(e.to) && !allowed(folderOf(e.from)).includes(folderOf(e.to)))
      .map((e) => `${where(e)} (${folderOf(e.from)}/ may import ${allowed(folderOf(e.from)).join(', ')})`);
    assert.deepEqual(skips, []);
  });

  test('nothing imports files outside src/ but the few named', () => {
    const outside = edges
      .filter((e) => !e.external && e.to.startsWith('../'))
      .filter((e) => !(OUTSIDE_SOURCE[e.from] ?? []).includes(e.to.slice('../'.length)))
      .map(where);
    assert.deepEqual(outside, []);
  });

  test("ssh2 is imported by the SSH client and the demo's SSH server only", () => {
    for (const [pkg, owners] of Object.entries(PACKAGE_OWNERS)) {
      const strays = edges.filter((e) => e.external && e.to === pkg && !owners.includes(e.from)).map(where);
      assert.deepEqual(strays, [], `only ${owners.join(', ')} may import ${pkg}`);
    }
  });

  test("only cli/ (and the simulator's own programs) touch process.argv, process.exit and process.stdout", () => {
    const programs: readonly string[] = OTHER_PROGRAMS;
    const touching = files
      .filter((f) => folderOf(f) !== 'cli' && !programs.includes(f))
      .filter((f) => /\bprocess\.(argv|exit|stdout)\b/.test(withoutComments(readFileSync(join(src, f), 'utf8'))));
    assert.deepEqual(touching, []);
  });

  test('docs/architecture.md names every folder', () => {
    const page = readFileSync(join(repo, 'docs', 'architecture.md'), 'utf8');
    const missing = [...bottom, ...Object.keys(MAY_IMPORT)].filter((f) => f !== '.' && !page.includes(`\`${f}/\``));
    assert.deepEqual(missing, []);
  });
});

/** The text without `//` and `/* … *\/` comments (roughly: enough for code that names `process.` in prose). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}
