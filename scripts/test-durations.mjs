/**
 * A node:test reporter that prints where the suite's time goes: every test file's wall time
 * (from its start to its end in the runner), slowest first, the sum of them, and the run's own
 * wall time. Use it beside the usual reporter:
 *
 *   node --import tsx --test --test-reporter=spec --test-reporter-destination=stdout \
 *     --test-reporter=./scripts/test-durations.ts --test-reporter-destination=durations.txt test/…
 */
import { relative } from 'node:path';

/**
 * The reporter: yields nothing until the run ends, then the table. (Plain JavaScript: node loads
 * reporters before tsx is registered.)
 * @param {AsyncIterable<{type: string, data?: {name?: string, file?: string, nesting?: number, details?: {duration_ms?: number, passed?: boolean}}}>} source
 */
export default async function* durations(source) {
  const start = Date.now();
  /** @type {{file: string, ms: number, ok: boolean}[]} */
  const files = [];
  let passed = 0;
  let failed = 0;
  for await (const event of source) {
    const data = event.data;
    if (!data) continue;
    // A file's own event carries its path as its name (node 20 runs each file as one top-level test).
    if (event.type === 'test:complete' && data.nesting === 0 && data.name !== undefined && data.name === data.file) {
      files.push({ file: relative(process.cwd(), data.file), ms: data.details?.duration_ms ?? 0, ok: data.details?.passed !== false });
    } else if (event.type === 'test:pass' && data.name !== data.file) passed++;
    else if (event.type === 'test:fail' && data.name !== data.file) failed++;
  }
  const wall = Date.now() - start;
  const sum = files.reduce((s, f) => s + f.ms, 0);
  files.sort((a, b) => b.ms - a.ms);
  yield `files: ${files.length}, tests passed ${passed}, failed ${failed}\n`;
  yield `wall: ${(wall / 1000).toFixed(1)} s, sum of per-file times: ${(sum / 1000).toFixed(1)} s\n`;
  for (const f of files) yield `${(f.ms / 1000).toFixed(2).padStart(8)} s  ${f.ok ? '  ' : 'F '}${f.file}\n`;
}
