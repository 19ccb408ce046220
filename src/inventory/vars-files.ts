/**
 * `group_vars/` and `host_vars/` beside an inventory source or a playbook, found the way
 * Ansible's `host_group_vars` plugin and `DataLoader.find_vars_files` find them: for entity
 * `web`, the first of `web` (a file or a directory), `web.yml`, `web.yaml`, `web.json` that
 * exists, and nothing else; a directory contributes every file in it (recursively, sorted,
 * skipping hidden and `~` backup files, and files with other extensions), later files
 * overriding earlier ones.
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative } from 'node:path';
import { fileProblem, isPresent } from '../errors/fs-error-text.js';
import type { Problem, ProblemList } from '../errors/problem.js';
import { compareCodePoints } from '../python/python-text.js';
import { readSource } from '../yaml/source-file.js';
import type { VarMap } from './inventory-data.js';
import { realDirectory } from './real-directory.js';
import { readVarsMapping } from './vars-mapping.js';

/** The extensions Ansible accepts for vars files (`YAML_FILENAME_EXTENSIONS`). */
export const VARS_EXTENSIONS = ['.yml', '.yaml', '.json'] as const;

/** Which subdirectory: `group_vars` or `host_vars`. */
export type VarsKind = 'group_vars' | 'host_vars';

/** Reads vars files once each and remembers what it found. */
export class VarsFiles {
  private readonly cache = new Map<string, VarMap>();
  private readonly listings = new Map<string, Set<string>>();

  constructor(
    private readonly problems: ProblemList,
    private readonly warnings: Problem[],
  ) {}

  /** The variables `<baseDir>/<kind>/` holds for `name` (empty when there are none). */
  varsFor(baseDir: string, kind: VarsKind, name: string): VarMap {
    const key = `${baseDir}\0${kind}\0${name}`;
    let vars = this.cache.get(key);
    if (!vars) {
      vars = this.load(join(baseDir, kind), name);
      this.cache.set(key, vars);
    }
    return vars;
  }

  private load(dir: string, name: string): VarMap {
    const vars: VarMap = new Map();
    // Ansible skips entities whose name is an absolute path ("chroot" hosts).
    if (name.startsWith('/')) return vars;
    // One listing per directory spares a stat per host and extension in large fleets.
    const listed = this.listing(dir);
    if (!name.includes('/') && !['', ...VARS_EXTENSIONS].some((ext) => listed.has(name + ext))) return vars;
    for (const file of findVarsFiles(dir, name, this.problems)) {
      const source = readSource(file, this.problems, shown(file));
      if (!source) continue;
      const entries = readVarsMapping(source, this.problems);
      for (const [k, v] of entries) vars.set(k, v);
    }
    return vars;
  }

  private listing(dir: string): Set<string> {
    let names = this.listings.get(dir);
    if (!names) {
      names = new Set(isDirectory(dir) ? listDir(dir, this.problems) : []);
      this.listings.set(dir, names);
    }
    return names;
  }

  /**
   * Warnings for entries of `<baseDir>/<kind>/` that no group or host will ever read: a typo
   * in the name, or `web.yaml` shadowed by `web.yml` (Ansible reads only the first it finds).
   * Also warns when `group_vars` is a file rather than a directory, which Ansible skips.
   */
  checkUnused(baseDir: string, kind: VarsKind, names: ReadonlySet<string>, suggest: (word: string) => string | undefined): void {
    const dir = join(baseDir, kind);
    if (exists(dir) && !isDirectory(dir)) {
      this.warnings.push({
        code: 'UNUSED_VARS_FILE',
        message: `${shown(dir)} is not a directory, so no variables are read from it`,
        pos: { file: shown(dir), line: 1, col: 1 },
      });
      return;
    }
    for (const entry of listDir(dir)) {
      if (entry.startsWith('.') || entry.endsWith('~')) continue;
      const ext = extname(entry);
      const stem = (VARS_EXTENSIONS as readonly string[]).includes(ext) ? entry.slice(0, -ext.length) : entry;
      const file = join(dir, entry);
      const pos = { file: shown(file), line: 1, col: 1 };
      const what = kind === 'group_vars' ? 'group' : 'host';
      if (!names.has(stem) && !names.has(entry)) {
        const hint = suggest(stem);
        this.warnings.push({
          code: 'UNUSED_VARS_FILE',
          message: `${shown(file)} names no ${what} of the inventory, so it is never read`,
          pos,
          ...(hint ? { hint } : {}),
        });
      } else if (!isDirectory(file) && !findVarsFiles(dir, names.has(stem) ? stem : entry).includes(file)) {
        this.warnings.push({
          code: 'UNUSED_VARS_FILE',
          message: `${shown(file)} is never read: Ansible reads only the first of ${stem}, ${stem}.yml, ${stem}.yaml, ${stem}.json`,
          pos,
          hint: 'merge the two files, or make a directory of files',
        });
      }
    }
  }
}

/** Ansible's `find_vars_files`: the first candidate that exists, expanded if it is a directory. */
export function findVarsFiles(dir: string, name: string, problems?: ProblemList): string[] {
  for (const ext of ['', ...VARS_EXTENSIONS]) {
    const path = join(dir, name + ext);
    // isPresent: a candidate that cannot be looked at is still the one Ansible would pick; reading it says why not.
    if (!isPresent(path)) continue;
    return isDirectory(path) ? filesIn(path, problems) : [path];
  }
  return [];
}

/** Every vars file under `dir`, each directory read once (a link loop would otherwise recurse without end). */
function filesIn(dir: string, problems: ProblemList | undefined, seen = new Set<string>()): string[] {
  const found: string[] = [];
  const real = realDirectory(dir);
  if (seen.has(real)) return found;
  seen.add(real);
  for (const entry of listDir(dir, problems).sort(compareCodePoints)) {
    if (entry.startsWith('.') || entry.endsWith('~')) continue;
    const ext = extname(entry);
    const path = join(dir, entry);
    if (isDirectory(path)) {
      if (!ext) found.push(...filesIn(path, problems, seen));
    } else if (!ext || (VARS_EXTENSIONS as readonly string[]).includes(ext)) {
      found.push(path);
    }
  }
  return found;
}

/** A directory's entries; one that cannot be listed is a problem when `problems` is given (silent only for warnings' sake). */
function listDir(dir: string, problems?: ProblemList): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (problems && code !== 'ENOENT' && code !== 'ENOTDIR') problems.add(fileProblem(error, shown(dir)));
    return [];
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A path as messages show it: relative to the working directory when it is inside it. */
export function shown(path: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
