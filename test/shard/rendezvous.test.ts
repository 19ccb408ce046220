/**
 * The shard assignment (rendezvous hashing): a key's shard depends on the key and N only,
 * the shards are balanced, adding a unit moves no other, and one shard more moves about
 * 1/(N+1) of the units, every one of them into the new shard.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rendezvousShard } from '../../src/shard/rendezvous.js';

const keys = Array.from({ length: 1000 }, (_, i) => `host:web-${String(i).padStart(4, '0')}`);

test('a key lands in the same shard on every call, whatever else is assigned (pinned values: the hash must never change)', () => {
  const pinned = keys.slice(0, 5).map((k) => rendezvousShard(k, 7));
  for (let i = 0; i < 3; i++)
    assert.deepEqual(
      keys.slice(0, 5).map((k) => rendezvousShard(k, 7)),
      pinned,
    );
  // Written down once: a change of the hash would move the hosts of every deployed fleet to other shards.
  const now = [
    ['file:/etc/certbook/inventory/c1.yaml', 3],
    ['cluster:edge-2', 3],
    ['host:h1', 5],
    ['host:h2', 5],
    ['unit:eu-west', 16],
  ] as const;
  assert.deepEqual(
    now.map(([k, n]) => rendezvousShard(k, n)),
    [2, 3, 2, 3, 2],
  );
});

test('every shard from 1 to N, and one shard takes everything', () => {
  for (const n of [1, 2, 3, 7, 16]) {
    const shards = new Set(keys.map((k) => rendezvousShard(k, n)));
    assert.deepEqual(
      [...shards].sort((a, b) => a - b),
      Array.from({ length: n }, (_, i) => i + 1),
      `N=${n}`,
    );
  }
});

test('1,000 units over 3 and 7 shards: each shard within 15 % of an even share', () => {
  for (const n of [3, 7]) {
    const sizes = new Array<number>(n).fill(0);
    for (const k of keys) sizes[rendezvousShard(k, n) - 1]!++;
    const even = keys.length / n;
    for (const [i, size] of sizes.entries())
      assert.ok(
        Math.abs(size - even) <= 0.15 * even,
        `N=${n}: shard ${i + 1} has ${size}, an even share is ${even.toFixed(0)}: ${sizes.join(', ')}`,
      );
  }
});

test('adding units moves no other unit', () => {
  const before = new Map(keys.map((k) => [k, rendezvousShard(k, 7)]));
  const more = [...keys, ...Array.from({ length: 50 }, (_, i) => `host:new-${i}`)];
  for (const k of more) if (before.has(k)) assert.equal(rendezvousShard(k, 7), before.get(k), k);
});

test('one shard more moves about 1/(N+1) of the units, each into the new shard', () => {
  for (const n of [3, 7]) {
    const moved = keys.filter((k) => rendezvousShard(k, n) !== rendezvousShard(k, n + 1));
    for (const k of moved) assert.equal(rendezvousShard(k, n + 1), n + 1, `${k} moved between old shards`);
    const share = moved.length / keys.length;
    assert.ok(share > 0.6 / (n + 1) && share < 1.4 / (n + 1), `N=${n}→${n + 1}: ${moved.length} of ${keys.length} moved`);
  }
});
