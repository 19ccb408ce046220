/**
 * Where the certbook package lives (the directory of its own package.json), found the same way
 * whether this code runs from `src/` through tsx or bundled into `dist/` by `npm run build`:
 * walk up from this module until a package.json named `certbook` appears. Files shipped beside
 * the code (`playbooks/`, `schemas/`, the simulator's shell library) are named from here, never
 * by counting `..` from a module, which a bundle moves.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'certbook') return dir;
      } catch {
        // A broken package.json above us is someone else's; keep walking.
      }
    }
    if (dirname(dir) === dir) throw new Error(`certbook's package.json was not found above ${from}`);
  }
}

/** The package root: a clone's top directory, or `node_modules/certbook` in an install. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
