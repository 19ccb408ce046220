/**
 * `--shard I/N`: which of N parts of the selected hosts this run takes. I counts from 1, as
 * Jest's and Playwright's `--shard` do, so `--shard 1/3` … `--shard 3/3` cover every host once.
 */

/** One shard of a sharded run: `index` of `count`, both from 1. */
export interface Shard {
  index: number;
  count: number;
}

/** More shards than this is a typo, not a deployment (and each shard hashes every host N times). */
export const MAX_SHARDS = 10_000;

/** `I/N` as text (`2/7`). */
export function shardText(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/** What a shard's run records about itself (in `run_start` and the report's `shard`). */
export interface ShardRecord extends Shard {
  /** The units this shard was given, by unit key (`file:…`, `cluster:…`, `unit:…`, `host:…`), with their hosts. */
  units: Record<string, string[]>;
  /**
   * What was split: how many hosts the whole run would target, and a digest of them with their
   * units. Every shard of one run has the same; `report merge` refuses shards that differ (an
   * inventory changed between shards, another `--limit` or `-e`, the inventory at another path).
   */
  split: { hosts: number; digest: string };
}
