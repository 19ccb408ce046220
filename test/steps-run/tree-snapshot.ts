/**
 * A tree's exact state for comparing before and after a backup and restore: every entry's type,
 * permission bits, owner, group, contents (or link target) and, except for links, its mtime.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Relative path → description. */
export type TreeSnapshot = Record<string, string>;

/** Walks `root` (not following links) and describes every entry, the root as `.`. */
export function snapshotTree(root: string): TreeSnapshot {
  const out: TreeSnapshot = {};
  const walk = (rel: string): void => {
    const path = rel === '.' ? root : join(root, rel);
    const st = lstatSync(path);
    const common = `mode=${(st.mode & 0o7777).toString(8)} uid=${st.uid} gid=${st.gid}`;
    if (st.isSymbolicLink()) {
      out[rel] = `link -> ${readlinkSync(path)}`;
    } else if (st.isDirectory()) {
      out[rel] = `dir ${common} mtime=${Math.floor(st.mtimeMs / 1000)}`;
      for (const name of readdirSync(path).sort()) walk(rel === '.' ? name : join(rel, name));
    } else {
      const sum = createHash('sha1').update(readFileSync(path)).digest('hex');
      out[rel] = `file ${common} mtime=${Math.floor(st.mtimeMs / 1000)} sha1=${sum}`;
    }
  };
  walk('.');
  return out;
}
