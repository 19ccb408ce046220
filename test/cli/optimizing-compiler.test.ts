import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { optimizerTuned } from '../../bin/optimizing-compiler.mjs';

const root = join(import.meta.dirname, '..', '..');

test('certbook defers the optimizing compiler unless the user decided about it', () => {
  assert.equal(optimizerTuned([], undefined), false);
  assert.equal(optimizerTuned(['--enable-source-maps', '--optimize-for-size'], '--trace-warnings'), false);
  assert.equal(optimizerTuned(['--no-opt'], undefined), true);
  assert.equal(optimizerTuned(['--turbofan'], undefined), true);
  assert.equal(optimizerTuned(['--jitless'], undefined), true);
  assert.equal(optimizerTuned([], '--max_opt=2'), true);
});

test('deferred, a hot function stays unoptimized; resumed, it is optimized', () => {
  // Synchronous recompilation (no background thread), so the status is final when read.
  const module = pathToFileURL(join(root, 'bin', 'optimizing-compiler.mjs')).href;
  const script = `
    const { deferOptimizingCompiler, resumeOptimizingCompiler } = await import(${JSON.stringify(module)});
    deferOptimizingCompiler();
    function twice(x) { return x * 2 + 1; }
    const heat = () => { let s = 0; for (let i = 0; i < 1e6; i++) s += twice(i); return s; };
    %NeverOptimizeFunction(heat); // so twice is optimized on its own, not inlined into heat's loop
    const optimized = () => (%GetOptimizationStatus(twice) & 16) !== 0;
    heat();
    const before = optimized();
    resumeOptimizingCompiler();
    heat();
    console.log(JSON.stringify({ before, after: optimized() }));`;
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--no-concurrent-recompilation', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { before: false, after: true });
});

test('the flags are ones this node accepts: setting them prints nothing and the command runs', () => {
  // V8 warns on stderr about a flag it does not know; a node that dropped --turbofan would show here.
  const r = spawnSync(process.execPath, [join(root, 'bin', 'certbook.js'), 'run', 'check-expiry', '--syntax-check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /playbook: .*check-expiry\.yaml/);
});
