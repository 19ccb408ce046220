#!/usr/bin/env node
// The `certbook` command. It runs the JavaScript that `npm run build` bundled into dist/ (`npm ci`
// and `npm pack` build it) when that build is of the current src/; otherwise (a clone not built
// yet, or src/ edited since) tsx compiles the TypeScript on the fly, scoped to its own namespace
// so it never touches other modules (or the user's tsconfig.json).
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBuild } from './built-code.mjs';
import { tuneHeapGrowth } from './heap-growth.mjs';
import { deferOptimizingCompiler } from './optimizing-compiler.mjs';

tuneHeapGrowth();
deferOptimizingCompiler();

const dist = freshBuild(join(dirname(fileURLToPath(import.meta.url)), '..'));
let entry;
if (dist) {
  entry = await import(pathToFileURL(join(dist, 'certbook.mjs')).href);
} else {
  const { register } = await import('tsx/esm/api');
  const tsx = register({ namespace: 'certbook', tsconfig: false });
  entry = await tsx.import('../src/cli/process-entry.ts', import.meta.url);
}
await entry.runFromProcess();
