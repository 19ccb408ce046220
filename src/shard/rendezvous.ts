/**
 * Rendezvous (highest-random-weight) hashing: a unit goes to the shard whose hash with the
 * unit's key is highest. The answer depends only on the key and N, so the same unit lands in
 * the same shard on every controller and every run; adding or removing a unit moves no other
 * unit; going from N to N+1 shards moves about 1/(N+1) of the units, each to the new shard.
 */
import { createHash } from 'node:crypto';

/** The shard (from 1 to `count`) that `key` belongs to. */
export function rendezvousShard(key: string, count: number): number {
  let best = 1;
  let bestScore = -1n;
  for (let shard = 1; shard <= count; shard++) {
    const score = weight(key, shard);
    // Ties (2^-64) go to the lower shard, so the answer never depends on iteration order.
    if (score > bestScore) {
      best = shard;
      bestScore = score;
    }
  }
  return best;
}

/** The 64-bit weight of `key` for `shard`: SHA-256 of both, its first 8 bytes. */
function weight(key: string, shard: number): bigint {
  return createHash('sha256').update(`${shard}\0${key}`).digest().readBigUInt64BE(0);
}
