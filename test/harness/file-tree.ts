/** Small directory trees for tests: files given by relative path and lines, under a fresh temp dir. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from './temp-dir.js';

/** Writes `files` (relative path → lines) under a fresh directory (removed at exit) and returns it. */
export function writeTree(files: Record<string, string[]>, prefix = 'certbook-tree-'): string {
  const dir = tempDir(prefix);
  for (const [path, lines] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), `${lines.join('\n')}\n`);
  }
  return dir;
}
