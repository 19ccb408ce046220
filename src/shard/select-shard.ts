/**
 * `--shard I/N`: the hosts this shard runs, and the units it was given. Each unit goes to the
 * shard {@link rendezvousShard} picks for its key, so the split is stable across controllers
 * and runs, and a host's shard depends on nothing but its unit's key and N.
 */
import { createHash } from 'node:crypto';
import type { ProblemList } from '../errors/problem.js';
import type { Shard } from '../events/shard-record.js';
import type { Inventory } from '../inventory/inventory.js';
import { rendezvousShard } from './rendezvous.js';
import { ShardUnits } from './shard-units.js';

/** What one shard takes: its hosts, by unit key which of them form each unit, and what was split. */
export interface ShardSelection {
  hosts: Set<string>;
  units: Record<string, string[]>;
  split: { hosts: number; digest: string };
}

/** The hosts of `candidates` (in their order; each once) that fall in `shard`. */
export function selectShard(
  inventory: Inventory,
  candidates: Iterable<string>,
  shard: Shard,
  extraVars: Record<string, unknown>,
  problems: ProblemList,
): ShardSelection {
  const units = new ShardUnits(inventory, extraVars);
  const shardOfKey = new Map<string, number>();
  const selection: ShardSelection = { hosts: new Set(), units: {}, split: { hosts: 0, digest: '' } };
  const lines: string[] = [];
  for (const host of candidates) {
    const key = units.keyOf(host, problems);
    lines.push(`${key}\0${host}\n`);
    let index = shardOfKey.get(key);
    if (index === undefined) {
      index = rendezvousShard(key, shard.count);
      shardOfKey.set(key, index);
    }
    if (index !== shard.index) continue;
    selection.hosts.add(host);
    const unit = selection.units[key] ?? [];
    unit.push(host);
    selection.units[key] = unit;
  }
  const digest = createHash('sha256');
  for (const line of lines.sort()) digest.update(line);
  selection.split = { hosts: lines.length, digest: digest.digest('hex').slice(0, 16) };
  return selection;
}
