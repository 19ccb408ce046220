/**
 * `--shard I/N`: the hosts this shard runs, and the units it was given. Each unit goes to the
 * shard {@link rendezvousShard} picks for its key, so the split is stable across controllers
 * and runs, and a host's shard depends on nothing but its unit's key and N.
 */
import type { ProblemList } from '../errors/problem.js';
import type { Inventory } from '../inventory/inventory.js';
import { rendezvousShard } from './rendezvous.js';
import type { Shard } from './shard-spec.js';
import { ShardUnits } from './shard-units.js';

/** What one shard takes: its hosts and, by unit key, which of them form each unit. */
export interface ShardSelection {
  hosts: Set<string>;
  units: Record<string, string[]>;
}

/** The hosts of `candidates` (in their order) that fall in `shard`. */
export function selectShard(inventory: Inventory, candidates: Iterable<string>, shard: Shard, extraVars: Record<string, unknown>, problems: ProblemList): ShardSelection {
  const units = new ShardUnits(inventory, extraVars);
  const shardOfKey = new Map<string, number>();
  const selection: ShardSelection = { hosts: new Set(), units: {} };
  for (const host of candidates) {
    const key = units.keyOf(host, problems);
    let index = shardOfKey.get(key);
    if (index === undefined) {
      index = rendezvousShard(key, shard.count);
      shardOfKey.set(key, index);
    }
    if (index !== shard.index) continue;
    selection.hosts.add(host);
    (selection.units[key] ??= []).push(host);
  }
  return selection;
}
