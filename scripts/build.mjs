#!/usr/bin/env node
/**
 * `npm run build` (run by `npm ci` in a clone and by `npm pack` through `prepare`): bundles the
 * TypeScript into `dist/` with esbuild so `certbook` and the simulator's processes start without
 * compiling anything. Entry points: `dist/certbook.mjs` (the CLI; each command and the
 * certificate steps are split into chunks loaded when used) and `dist/simulator/k3s-process.mjs`,
 * `dist/simulator/k3s-cli.mjs` (a simulated k3s node and its `k3s certificate` command).
 * npm packages stay outside the bundle and load from node_modules as before.
 *
 * Written beside `dist/` and renamed into place, so a reader sees the old build or the new one.
 * `dist/build-info.json` records the newest `src/` file time the build saw (bin/built-code.mjs).
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUILD_INFO, newestMtime } from '../bin/built-code.mjs';

const root = join(import.meta.dirname, '..');
const sourcesMtimeMs = newestMtime(join(root, 'src'));
const staging = join(root, `dist.${process.pid}`);
const started = Date.now();
try {
  await build({
    absWorkingDir: root,
    entryPoints: {
      certbook: 'src/cli/process-entry.ts',
      'simulator/k3s-process': 'src/simulator/runtime/k3s-process.ts',
      'simulator/k3s-cli': 'src/simulator/runtime/k3s-cli.ts',
    },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  writeFileSync(join(staging, BUILD_INFO), `${JSON.stringify({ sourcesMtimeMs, builtAt: new Date().toISOString() })}\n`);
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  renameSync(staging, join(root, 'dist'));
} finally {
  rmSync(staging, { recursive: true, force: true });
}
if (!process.argv.includes('--quiet')) console.log(`built dist/ in ${Date.now() - started} ms`);
