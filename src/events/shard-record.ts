/**
 * `--shard I/N` as a run records it. The events carry it (`run_start`), so the type lives here,
 * below the shard selection that produces it (`shard/`).
 */

/** One shard of a sharded run: `index` of `count`, both from 1. */
export interface Shard {
  index: number;
  count: number;
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
