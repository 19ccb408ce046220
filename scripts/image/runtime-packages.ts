/**
 * The npm packages the image needs at run time, read from package-lock.json: the production
 * dependencies and everything they pull in, resolved as Node resolves them (a nested
 * node_modules first, then each parent's). tsx is left out with what only it needs: the image
 * runs the built `dist/` (it has no `src/`), which `bin/certbook.js` prefers whenever no source
 * is newer than the build.
 */

/** One entry of package-lock.json's `packages`, the fields read here. */
interface LockEntry {
  dev?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** The packages that stay out of the image, with whatever only they pull in. */
export const BUILD_TIME_ONLY = ['tsx'] as const;

/** Where Node finds `name` when `from` (a lock path, '' for the root) requires it. */
function resolve(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = `${dir === '' ? '' : `${dir}/`}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (dir === '') return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

/**
 * The lock paths (`node_modules/a`, `node_modules/a/node_modules/b`, …) of every package the
 * production dependencies but {@link BUILD_TIME_ONLY} need, sorted. An optional dependency the
 * lock does not hold (another platform's binary) is skipped, as npm skips it.
 */
export function runtimePackages(lock: { packages: Record<string, LockEntry> }): string[] {
  const packages = lock.packages;
  const root = packages[''];
  if (!root) throw new Error('package-lock.json has no root package entry');
  const skip = new Set<string>(BUILD_TIME_ONLY);
  const seen = new Set<string>();
  const visit = (from: string, deps: Record<string, string>, optional: boolean): void => {
    for (const name of Object.keys(deps)) {
      if (skip.has(name)) continue;
      const path = resolve(packages, from, name);
      if (path === undefined) {
        if (optional) continue;
        throw new Error(`package-lock.json: ${from || 'the package'} needs ${name}, which the lock does not hold`);
      }
      if (seen.has(path)) continue;
      seen.add(path);
      const entry = packages[path]!;
      visit(path, entry.dependencies ?? {}, false);
      visit(path, entry.optionalDependencies ?? {}, true);
    }
  };
  visit('', root.dependencies ?? {}, false);
  return [...seen].sort();
}
