/**
 * Runs a loaded playbook against a loaded inventory: plays in order, each on the hosts the
 * caller already selected (pattern ∩ `--limit`), and returns the summary. Emits events all
 * the way; reporters listen. Never throws for anything a host did.
 */
import type { Inventory } from '../inventory/inventory.js';
import type { Playbook } from '../playbook/model.js';
import { prestartRegexWorker } from '../python/bounded-regex.js';
import { exitCodeOf } from './exit-status.js';
import { runPlay } from './play-runner.js';
import { RunContext } from './run-context.js';
import type { RunOptions, RunSummary } from './run-options.js';

/** Runs `playbook`. `playHosts[i]` are the hosts of play i (pattern ∩ limit, already checked). */
export async function runPlaybook(
  playbook: Playbook,
  inventory: Inventory,
  playHosts: string[][],
  options: RunOptions,
): Promise<RunSummary> {
  const run = new RunContext(playbook, inventory, options);
  const started = Date.now();
  const targeted = [...new Set(playHosts.flat())];
  // Boots on another core while the run connects; the first regex filter no longer waits ~200 ms.
  // A run that targets no host needs none.
  if (targeted.length > 0) prestartRegexWorker();
  // Every targeted host is in the recap, also those never reached after an abort.
  for (const host of targeted) run.host(host);
  run.emit({
    kind: 'run_start',
    playbook: playbook.path,
    check: options.check,
    diff: options.diff,
    startedAt: run.startedAt.toISOString(),
    hosts: targeted,
    ...(options.shard ? { shard: options.shard } : {}),
  });
  try {
    for (let i = 0; i < playbook.plays.length; i++) {
      if (run.interrupted) break;
      const goOn = await runPlay(run, playbook.plays[i]!, i + 1, playHosts[i] ?? []);
      if (!goOn) break;
    }
  } finally {
    await run.pool.closeAll();
  }
  const cleanup = run.cleanup.finish();
  const stats = run.stats.snapshot();
  const exitCode = exitCodeOf(stats, run.interrupted);
  run.emit({
    kind: 'run_end',
    stats,
    exitCode,
    interrupted: run.interrupted,
    durationMs: Date.now() - started,
    ...(cleanup ? { cleanup } : {}),
  });
  return {
    exitCode,
    playbook: playbook.path,
    interrupted: run.interrupted,
    hosts: targeted,
    stats,
    records: run.records,
    ...(cleanup ? { cleanup } : {}),
  };
}
