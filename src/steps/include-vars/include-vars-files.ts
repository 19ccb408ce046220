/**
 * Which files `include_vars` reads, as ansible-core 2.14's action plugin finds them: a `file`
 * in the playbook's `vars/` directory, then in the playbook's directory; a `dir` walked in
 * sorted order, `depth` counting the directories visited (Ansible's own quirk: the first N
 * directories of the sorted walk, not N levels), files sorted by name in each, filtered by
 * `files_matching`, `ignore_files` and `extensions`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, isAbsolute, join } from 'node:path';
import { pythonRegex, pythonSearch } from '../../template/python-regex.js';
import type { IncludeVarsArgs } from '../include-vars.js';

/** The `dir` arguments. */
export type DirSelection = Pick<IncludeVarsArgs, 'files_matching' | 'ignore_files' | 'depth' | 'extensions' | 'ignore_unknown_extensions'>;

/** Where a relative `file` is looked for, in order. */
export function fileCandidates(file: string, dirs: readonly string[]): string[] {
  return isAbsolute(file) ? [file] : dirs.flatMap((dir) => [join(dir, 'vars', file), join(dir, file)]);
}

/** The first candidate that exists, or an error message naming every place looked. */
export function findVarsFile(file: string, dirs: readonly string[]): { path: string } | { error: string } {
  const candidates = fileCandidates(file, dirs);
  const found = candidates.find((c) => existsSync(c));
  return found ? { path: found } : { error: `Could not find or access '${file}' (looked in ${candidates.join(', ')})` };
}

/** Every directory under `root` (itself first), as Python's os.walk lists them, sorted by path. */
function walkDirs(root: string): string[] {
  const out = [root];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...walkDirs(join(root, entry.name)));
  }
  return out.sort();
}

/** The files of `dir` to read, in order, or an error message (a bad pattern, an unknown extension). */
export function selectDirFiles(dir: string, s: DirSelection): { files: string[] } | { error: string } {
  if (!existsSync(dir)) return { error: `${dir} directory does not exist` };
  if (!statSync(dir).isDirectory()) return { error: `${dir} is not a directory` };
  const matcher = s.files_matching !== undefined ? pythonRegex(s.files_matching) : undefined;
  const ignores = s.ignore_files.map((p) => pythonRegex(`${p}$`));
  const validExt = (name: string): boolean => extname(name).length > 1 && s.extensions.includes(extname(name).slice(1));
  const files: string[] = [];
  const dirs = walkDirs(dir);
  for (const [n, root] of dirs.entries()) {
    if (s.depth !== 0 && n + 1 > s.depth) break;
    const names = readdirSync(root, { withFileTypes: true })
      .filter((e) => !e.isDirectory())
      .map((e) => e.name)
      .sort();
    for (const name of names) {
      if (matcher && !pythonSearch(matcher, name, 'files_matching')) continue;
      if (ignores.some((re) => pythonSearch(re, name, 'ignore_files'))) continue;
      if (!validExt(name)) {
        if (s.ignore_unknown_extensions) continue;
        return { error: `${join(root, name)} does not have a valid extension: ${s.extensions.join(', ')}` };
      }
      files.push(join(root, name));
    }
  }
  return { files };
}
