/**
 * Which code `bin/certbook.js` runs: the build in dist/ unless a git checkout's src/ changed after
 * it; an installed package (no .git) trusts its build without walking src/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUILD_INFO, freshBuild } from '../../bin/built-code.mjs';
import { tempDir } from '../harness/temp-dir.js';

/** A package root whose build records sources of `builtAt` and whose src/ has a file of `editedAt`. */
function packageRoot(builtAt: number, editedAt: number, git: boolean): string {
  const root = tempDir('certbook-built-');
  mkdirSync(join(root, 'dist'));
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  writeFileSync(join(root, 'dist', BUILD_INFO), JSON.stringify({ sourcesMtimeMs: builtAt }));
  writeFileSync(join(root, 'src', 'cli', 'main.ts'), '');
  utimesSync(join(root, 'src', 'cli', 'main.ts'), editedAt / 1000, editedAt / 1000);
  if (git) mkdirSync(join(root, '.git'));
  return root;
}

const BUILT = Date.UTC(2026, 11, 1);

test('a git checkout runs its build only while no file under src/ is newer', () => {
  const fresh = packageRoot(BUILT, BUILT - 60_000, true);
  assert.equal(freshBuild(fresh), join(fresh, 'dist'));
  const edited = packageRoot(BUILT, BUILT + 60_000, true);
  assert.equal(freshBuild(edited), undefined);
});

test('an installed package (no .git) runs its build without looking at src/', () => {
  const installed = packageRoot(BUILT, BUILT + 60_000, false);
  assert.equal(freshBuild(installed), join(installed, 'dist'));
});

test('no build, or a build without its record, is never run', () => {
  const root = packageRoot(BUILT, BUILT, false);
  writeFileSync(join(root, 'dist', BUILD_INFO), '{}');
  assert.equal(freshBuild(root), undefined);
  assert.equal(freshBuild(tempDir('certbook-unbuilt-')), undefined);
});
