import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { HEAP_GROWTH_FLAG, heapGrowthFlag } from '../../bin/heap-growth.mjs';

const root = join(import.meta.dirname, '..', '..');

test('certbook grows its heap 20% at a time unless the user tuned the heap', () => {
  assert.equal(heapGrowthFlag([], undefined), HEAP_GROWTH_FLAG);
  assert.equal(heapGrowthFlag(['--enable-source-maps'], '--trace-warnings'), HEAP_GROWTH_FLAG);
  assert.equal(heapGrowthFlag(['--max-old-space-size=512'], undefined), undefined);
  assert.equal(heapGrowthFlag([], '--trace-warnings --max_old_space_size=512'), undefined);
  assert.equal(heapGrowthFlag([], '--heap-growing-percent=50'), undefined);
});

test('the flag is one this node accepts: setting it prints nothing and the command runs', () => {
  // V8 warns on stderr about a flag it does not know; a node that dropped it would show here.
  const r = spawnSync(process.execPath, [join(root, 'bin', 'certbook.js'), '--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^certbook /);
});
