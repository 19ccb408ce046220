/**
 * `npm run image`: builds certbook's container image with buildah, here and without an image
 * registry. As root on a Debian machine with buildah and mmdebstrap (npm test's set-up installs
 * them):
 *
 *   1. the base: mmdebstrap writes Debian trixie (minbase + nodejs, from Debian's mirror or
 *      CERTBOOK_IMAGE_MIRROR) into an empty buildah container, committed as
 *      localhost/certbook-base:trixie-<recipe hash>; reused while the recipe is unchanged
 *      (`--refresh-base` rebuilds it for Debian's updates);
 *   2. the context: `dist/` is built, then the package (bin/, dist/, playbooks/, schemas/, …)
 *      and its run-time npm packages are staged into a temporary directory;
 *   3. `buildah bud --isolation chroot -f deploy/Containerfile`, tagged localhost/certbook:<version>.
 *
 *   tsx scripts/build-image.ts [--refresh-base] [--tag NAME]
 *
 * Prints the image's name, its size and what took how long; the last line is the image name.
 */
import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { baseImageName, DEFAULT_MIRROR, imageName, mmdebstrapArgs, stagedEntries } from './image/recipe.js';
import { runtimePackages } from './image/runtime-packages.js';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { 'refresh-base': { type: 'boolean' }, tag: { type: 'string' } } });
const log = (line: string): void => console.log(`image: ${line}`);

function run(cmd: string, args: string[], options: SpawnSyncOptions = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options });
  if (r.error) throw new Error(`${cmd}: ${r.error.message} (npm test's set-up installs buildah and mmdebstrap)`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return String(r.stdout ?? '').trim();
}

function timed<T>(what: string, work: () => T): T {
  const started = Date.now();
  const result = work();
  log(`${what} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

function imageExists(name: string): boolean {
  return spawnSync('buildah', ['inspect', '--type', 'image', name], { stdio: 'ignore' }).status === 0;
}

/** Writes the Debian base into a fresh buildah container and commits it as `name`. */
function buildBase(name: string, mirror: string): void {
  const container = run('buildah', ['from', 'scratch']);
  try {
    const target = run('buildah', ['mount', container]);
    run('mmdebstrap', ['--quiet', ...mmdebstrapArgs(target, mirror)], { stdio: ['ignore', 'inherit', 'inherit'] });
    run('buildah', ['umount', container]);
    run('buildah', ['commit', '--quiet', '--rm', container, name]);
  } catch (error) {
    spawnSync('buildah', ['rm', container], { stdio: 'ignore' });
    throw error;
  }
}

/** Stages the package and its run-time npm packages into `context/certbook`. */
function stageContext(context: string): void {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] };
  const into = join(context, 'certbook');
  for (const entry of stagedEntries(pkg.files)) cpSync(join(root, entry), join(into, entry), { recursive: true, preserveTimestamps: true });
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  for (const path of runtimePackages(lock)) {
    // A nested node_modules is its own lock entry, copied on its own when it is needed. A
    // package's own tests stay out: ssh2's hold private keys (fixtures) a scanner would flag.
    const from = join(root, path);
    const wanted = (src: string): boolean => {
      const inside = src.slice(from.length);
      return !inside.includes('/node_modules') && !/^\/tests?(\/|$)/.test(inside);
    };
    cpSync(from, join(into, path), { recursive: true, verbatimSymlinks: true, filter: wanted });
  }
}

const mirror = process.env.CERTBOOK_IMAGE_MIRROR ?? DEFAULT_MIRROR;
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const base = baseImageName(mirror);
const image = values.tag ?? imageName(version);

if (values['refresh-base'] || !imageExists(base)) timed(`base ${base} built from ${mirror}`, () => buildBase(base, mirror));
else log(`base ${base} is here (--refresh-base rebuilds it)`);

timed('dist/ built', () => run('node', [join(root, 'scripts', 'build.mjs'), '--quiet']));
const context = mkdtempSync(join(tmpdir(), 'certbook-image-'));
try {
  timed('context staged', () => stageContext(context));
  timed(`${image} built`, () =>
    run('buildah', [
      'bud',
      '--quiet',
      '--isolation',
      'chroot',
      '--layers=false',
      '--build-arg',
      `BASE=${base}`,
      '-f',
      join(root, 'deploy', 'Containerfile'),
      '-t',
      image,
      context,
    ]),
  );
} finally {
  rmSync(context, { recursive: true, force: true });
}
const size = run('buildah', ['images', '--format', '{{.Size}}', image]);
log(`${image}: ${size}`);
console.log(image);
