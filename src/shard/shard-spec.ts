/**
 * `--shard I/N`: which of N parts of the selected hosts this run takes. I counts from 1, as
 * Jest's and Playwright's `--shard` do, so `--shard 1/3` … `--shard 3/3` cover every host once.
 * The `Shard` itself is in `events/shard-record.ts` (runs record it).
 */

/** More shards than this is a typo, not a deployment (and each shard hashes every host N times). */
export const MAX_SHARDS = 10_000;
