/**
 * Runs a playbook file against an inventory file in this process, the way `certbook run` does
 * after loading (each play on its pattern's hosts), collecting every run event. For runner
 * tests whose hosts are local connections (or an sshd the inventory names).
 */
import assert from 'node:assert/strict';
import { ProblemList } from '../../src/errors/problem.js';
import type { RunEvent } from '../../src/events/run-events.js';
import { selectHosts } from '../../src/inventory/host-patterns.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { NO_TAG_FILTER } from '../../src/playbook/tags.js';
import type { RunOptions, RunSummary } from '../../src/runner/run-options.js';
import { runPlaybook } from '../../src/runner/run-playbook.js';

/**
 * Loads `playbookPath` and `inventoryPath` (asserting both load without problems) and runs it
 * with forks 5, no tag filter, no ssh config, and `options` on top (its listeners hear every
 * event too).
 */
export async function runLoadedPlaybook(
  playbookPath: string,
  inventoryPath: string,
  options: Partial<RunOptions> = {},
): Promise<{ summary: RunSummary; events: RunEvent[] }> {
  const problems = new ProblemList();
  const inventory = loadInventory([inventoryPath], problems);
  const playbook = loadPlaybook(playbookPath, problems);
  assert.deepEqual(
    problems.items.map((p) => p.message),
    [],
  );
  const events: RunEvent[] = [];
  const summary = await runPlaybook(
    playbook!,
    inventory,
    playbook!.plays.map((p) => selectHosts(inventory, p.hosts, problems)),
    {
      tags: NO_TAG_FILTER,
      check: false,
      diff: false,
      forks: 5,
      extraVars: {},
      verbosity: 0,
      sshConfigFile: false,
      ...options,
      listeners: [(e) => events.push(e), ...(options.listeners ?? [])],
    },
  );
  return { summary, events };
}
