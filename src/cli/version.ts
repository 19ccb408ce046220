/** `certbook --version`: the package version and where it runs from, like `ansible --version`. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

/** What runs: the bundle `npm run build` made, or the TypeScript compiled on the fly by tsx. */
export function runningCode(): string {
  return import.meta.url.endsWith('.ts') ? 'src/ through tsx (npm run build makes it start faster)' : 'dist/ (built)';
}

/** The version in the package's own package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error('package.json has no version');
  return pkg.version;
}

/** The `--version` text. */
export function versionText(): string {
  return `certbook ${packageVersion()}\n  installed at = ${PACKAGE_ROOT}\n  running code = ${runningCode()}\n  node version = ${process.version}\n`;
}
