#!/usr/bin/env node
/**
 * `npm run build` (run by `npm ci` in a clone and by `npm pack` through `prepare`): bundles the
 * TypeScript into `dist/` with esbuild so `certbook` and the simulator's processes start without
 * compiling anything. Entry points: `dist/certbook.mjs` (the CLI; each command and the
 * certificate steps are split into chunks loaded when used) and `dist/simulator/k3s-process.mjs`,
 * `dist/simulator/k3s-cli.mjs` (a simulated k3s node and its `k3s certificate` command).
 *
 * What start-up needs is made ready here rather than at every start:
 * - the validators of every built-in schema, generated as ajv standalone code
 *   (src/schema-files/standalone-validators.ts) in place of src/validate/precompiled-validators.ts;
 * - the pure-JavaScript packages whose many small modules cost more to find and load than to run
 *   ({@link BUNDLED}) are bundled in; every other npm package stays outside the bundle and loads
 *   from node_modules, when the code that needs it runs.
 *
 * Written beside `dist/` and renamed into place, so a reader sees the old build or the new one.
 * `dist/build-info.json` records the newest `src/` file time the build saw (bin/built-code.mjs).
 */
import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { BUILD_INFO, newestMtime } from '../bin/built-code.mjs';

/**
 * Packages bundled into dist/: yaml (~70 modules) and, should its runtime be imported again,
 * @sinclair/typebox (its index alone loads ~200 modules, ~150 ms; src/steps/typebox-builders.ts
 * builds the schemas without it). Both pure JavaScript without side effects at import.
 */
const BUNDLED = new Set(['@sinclair/typebox', 'yaml']);

const root = join(import.meta.dirname, '..');
const sourcesMtimeMs = newestMtime(join(root, 'src'));
const staging = join(root, `dist.${process.pid}`);
const started = Date.now();
try {
  const validators = await generateValidators();
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
    plugins: [oneStepRunsChunk(), externalPackages(), replaceModule(/[\\/]src[\\/]validate[\\/]precompiled-validators\.ts$/, validators)],
    // yaml's Node build is CommonJS: its `require('process')` needs a real `require` in ESM.
    banner: { js: "import { createRequire as __certbookRequire } from 'node:module'; const require = __certbookRequire(import.meta.url);" },
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

/** The generated validators module: the generator is bundled, run once, and removed. */
async function generateValidators() {
  const generator = join(staging, 'generate-validators.mjs');
  await build({
    absWorkingDir: root,
    entryPoints: ['src/schema-files/standalone-validators.ts'],
    outfile: generator,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  const { precompiledValidatorsModule } = await import(pathToFileURL(generator).href);
  rmSync(generator);
  return precompiledValidatorsModule();
}

/**
 * The steps' run modules (`src/steps/…/…-run.ts`, imported when a task first runs that step)
 * as one dynamic import rather than eighteen: esbuild splits the code they share with the rest
 * into a chunk per combination of importers, and Node's ESM loader costs ~0.6 ms per module and
 * ~0.1 ms per import at start, whatever its size. `run --syntax-check` loaded 47 modules, now 32.
 * The first task of a run then loads every step's run code at once (check-expiry uses most).
 * Each module keeps its own export names (checked: a name two modules export would be lost).
 */
function oneStepRunsChunk() {
  const steps = join(root, 'src', 'steps');
  return {
    name: 'one-step-runs-chunk',
    setup(builder) {
      builder.onResolve({ filter: /-run\.js$/ }, ({ kind, resolveDir }) =>
        kind === 'dynamic-import' && resolveDir.startsWith(steps) ? { path: 'step-runs', namespace: 'step-runs' } : undefined,
      );
      builder.onLoad({ filter: /.*/, namespace: 'step-runs' }, async () => {
        const files = readdirSync(steps, { recursive: true }).filter((f) => f.endsWith('-run.ts') && f !== 'step-run.ts');
        const owner = new Map();
        for (const file of files) {
          const { metafile } = await build({
            entryPoints: [join(steps, file)],
            bundle: false,
            write: false,
            metafile: true,
            format: 'esm',
            logLevel: 'silent',
          });
          for (const name of Object.values(metafile.outputs)[0].exports) {
            if (owner.has(name))
              throw new Error(`build: ${file} and ${owner.get(name)} both export ${name}; one step-runs chunk needs distinct names`);
            owner.set(name, file);
          }
        }
        return { contents: files.map((f) => `export * from ${JSON.stringify(`./${f}`)};`).join('\n'), resolveDir: steps, loader: 'js' };
      });
    },
  };
}

/** npm packages stay external, except {@link BUNDLED}. */
function externalPackages() {
  return {
    name: 'external-packages',
    setup(builder) {
      builder.onResolve({ filter: /^[^./]/ }, ({ path }) => {
        const name = path.split('/', path.startsWith('@') ? 2 : 1).join('/');
        return isBuiltin(path) || !BUNDLED.has(name) ? { external: true } : undefined;
      });
    },
  };
}

/** The module at a path matching `filter` built from `contents` instead of its file. */
function replaceModule(filter, contents) {
  return {
    name: 'replace-module',
    setup(builder) {
      builder.onLoad({ filter }, () => ({ contents, loader: 'js' }));
    },
  };
}
