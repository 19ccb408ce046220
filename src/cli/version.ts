/** `certbook --version`: the package version and where it runs from, like `ansible --version`. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (two levels above this file, in a clone or an installed package). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The version in the package's own package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error('package.json has no version');
  return pkg.version;
}

/** The `--version` text. */
export function versionText(): string {
  return `certbook ${packageVersion()}\n  installed at = ${PACKAGE_ROOT}\n  node version = ${process.version}\n`;
}
