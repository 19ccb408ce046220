// Whether `dist/` (written by `npm run build`, which `npm ci` and `npm pack` run) holds JavaScript
// built from the `src/` beside it. certbook ships TypeScript and runs it through tsx when no fresh
// build is there, so a developer who edits `src/` never runs stale code: a build counts only when no
// file under `src/` changed after it was made. Plain JavaScript: `bin/certbook.js` reads it before
// anything can compile TypeScript.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The file in `dist/` that records what the build was made from. */
export const BUILD_INFO = 'build-info.json';

/**
 * The newest modification time (ms) of any file under `dir`, 0 for an empty or absent directory.
 * @param {string} dir
 * @returns {number}
 */
export function newestMtime(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    // Not path.join: normalizing ~500 paths cost more than stat-ing the files (it runs once per
    // start, before the JIT has warmed up).
    const path = `${dir}/${entry.name}`;
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

/**
 * `root/dist` when it holds a build of the current `root/src`, otherwise undefined. Only a git
 * checkout (`root/.git`, a directory or a worktree's file) is searched for edits: an installed
 * package's `src/` is never edited, and walking its ~400 files cost 15–50 ms of every start.
 * @param {string} root the package root
 * @returns {string | undefined}
 */
export function freshBuild(root) {
  const dist = join(root, 'dist');
  let info;
  try {
    info = JSON.parse(readFileSync(join(dist, BUILD_INFO), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof info?.sourcesMtimeMs !== 'number') return undefined;
  if (!existsSync(join(root, '.git'))) return dist;
  return newestMtime(join(root, 'src')) <= info.sourcesMtimeMs ? dist : undefined;
}
