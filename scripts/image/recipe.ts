/**
 * What certbook's container image is made of, kept free of side effects so the build script
 * (`scripts/build-image.ts`) and its test agree on one recipe: the Debian base that mmdebstrap
 * makes (no image registry is needed, only Debian's mirror), the files staged into the build
 * context, and the image's names.
 */
import { createHash } from 'node:crypto';

/** The Debian release of the base: trixie's nodejs is 20 (package.json wants ≥ 20; bookworm's is 18). */
export const BASE_SUITE = 'trixie';

/** Debian packages of the base beyond mmdebstrap's `minbase` variant (dash, coreutils, passwd, …). */
export const BASE_PACKAGES = ['nodejs'] as const;

/** The mirror the base comes from unless `CERTBOOK_IMAGE_MIRROR` says otherwise. */
export const DEFAULT_MIRROR = 'http://deb.debian.org/debian';

/** Documentation, manuals and translations are left out of the base (a third of minbase's size). */
const DPKG_EXCLUDES = ['/usr/share/doc/*', '/usr/share/man/*', '/usr/share/info/*', '/usr/share/locale/*'];

/**
 * The apt sources of the base: the release, its updates and its security archive, so a rebuilt
 * base carries Debian's fixes. `mirror` is the main archive; the security archive sits beside it.
 */
export function baseSources(mirror: string): string[] {
  const security = mirror.replace(/\/debian\/?$/, '/debian-security');
  return [`deb ${mirror} ${BASE_SUITE} main`, `deb ${mirror} ${BASE_SUITE}-updates main`, `deb ${security} ${BASE_SUITE}-security main`];
}

/** mmdebstrap's arguments to write the base root filesystem into the empty directory `target`. */
export function mmdebstrapArgs(target: string, mirror: string): string[] {
  return [
    '--variant=minbase',
    `--include=${BASE_PACKAGES.join(',')}`,
    ...DPKG_EXCLUDES.map((p) => `--dpkgopt=path-exclude=${p}`),
    // Keep the copyright files Debian's licences ask for.
    '--dpkgopt=path-include=/usr/share/doc/*/copyright',
    BASE_SUITE,
    target,
    ...baseSources(mirror),
  ];
}

/**
 * The base image's name: the recipe's hash is in its tag, so a changed recipe makes a new base
 * and an unchanged one is reused (`npm run image -- --refresh-base` rebuilds it for Debian's
 * updates).
 */
export function baseImageName(mirror: string): string {
  const recipe = JSON.stringify(mmdebstrapArgs('TARGET', mirror));
  return `localhost/certbook-base:${BASE_SUITE}-${createHash('sha256').update(recipe).digest('hex').slice(0, 12)}`;
}

/** The image's name for a package version. */
export function imageName(version: string): string {
  return `localhost/certbook:${version}`;
}

/**
 * What of the package goes into the image, from the repository root: what `npm pack` ships
 * (package.json `files`) but `src/` and `deploy/` (the built `dist/` runs; the manifests and
 * units are for the machines around the image), plus package.json.
 */
export function stagedEntries(files: readonly string[]): string[] {
  const skip = new Set(['src', 'deploy']);
  return [...files.map((f) => f.replace(/\/$/, '')).filter((f) => !skip.has(f)), 'package.json'];
}

/** The user the image runs as (no home directory in the image: the SSH Secret mounts there). */
export const IMAGE_USER = { uid: 10001, gid: 10001, name: 'certbook', home: '/home/certbook' } as const;
