/**
 * Installs the packed certbook tarball into a throwaway project without the network: the
 * project's lockfile is derived from certbook's own, so `npm ci --offline` needs only the
 * tarballs that `npm ci` in the repository already put in the npm cache. (`npm install
 * --offline x.tgz` is not enough on a fresh machine: it resolves version ranges, which needs
 * registry metadata that `npm ci` never downloads.)
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type LockEntry = Record<string, unknown> & { dev?: boolean; resolved?: string; version?: unknown };
interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

/** What `npm pack --json` reports about the tarball. */
export interface PackResult {
  filename: string;
  integrity: string;
  files: Array<{ path: string }>;
}

/** Packs the repository at `repo` into `dest`. */
export function pack(repo: string, dest: string): PackResult {
  mkdirSync(dest, { recursive: true });
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dest], {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [result] = JSON.parse(out) as PackResult[];
  if (!result) throw new Error('npm pack reported nothing');
  return result;
}

/** The registry npm is configured to use, with a trailing slash. */
function npmRegistry(cwd: string): string {
  const url = execFileSync('npm', ['config', 'get', 'registry'], { cwd, encoding: 'utf8' }).trim();
  return url.endsWith('/') ? url : `${url}/`;
}

/** `…/@scope/name/-/name-1.2.3.tgz` for the package installed at `node_modules/@scope/name`. */
function tarballUrl(registry: string, path: string, version: string): string {
  const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
  const base = name.slice(name.lastIndexOf('/') + 1);
  return `${registry}${name}/-/${base}-${version}.tgz`;
}

/** Installs the tarball into `app` with `npm ci --offline`; returns npm's output. */
export function installOffline(repo: string, tarball: string, packed: PackResult, app: string): string {
  mkdirSync(app, { recursive: true });
  copyFileSync(tarball, join(app, packed.filename));
  const spec = `file:${packed.filename}`;
  const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Record<string, unknown>;
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as Lockfile;
  const packages: Record<string, LockEntry> = {
    '': { name: 'certbook-pack-test', dependencies: { certbook: spec } },
    'node_modules/certbook': {
      version: manifest.version,
      resolved: spec,
      integrity: packed.integrity,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  // Runtime dependencies only, at the same places and versions as in the repository. The
  // repository's lockfile has no `resolved` URLs; giving them lets npm take each tarball from
  // the cache by URL and integrity without the registry metadata (which caches may lack).
  const registry = npmRegistry(repo);
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev) continue;
    packages[path] =
      entry.resolved || typeof entry.version !== 'string' ? entry : { ...entry, resolved: tarballUrl(registry, path, entry.version) };
  }
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'certbook-pack-test', private: true, dependencies: { certbook: spec } }));
  writeFileSync(
    join(app, 'package-lock.json'),
    JSON.stringify({ name: 'certbook-pack-test', lockfileVersion: 3, requires: true, packages }),
  );
  // --ignore-scripts: ssh2's optional native build and esbuild's postinstall check are not
  // needed (both work without them) and would need a compiler or time.
  return execFileSync('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: app,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
