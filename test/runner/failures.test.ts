/**
 * Failures caused by templates at run time (an undefined loop variable, a templated vars file
 * that does not exist, an include of a missing file) fail that host's task with a message; they
 * never crash the run, and blocks can rescue them.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import type { RunEvent } from '../../src/events/run-events.js';
import { selectHosts } from '../../src/inventory/host-patterns.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { NO_TAG_FILTER } from '../../src/playbook/tags.js';
import { runPlaybook } from '../../src/runner/run-playbook.js';
import { tempDir } from '../harness/temp-dir.js';

test('template failures fail the host, get rescued, and the run ends with exit 2, not a crash', async () => {
  const dir = tempDir('certbook-failures-');
  writeFileSync(
    join(dir, 'inv.yaml'),
    'all:\n  hosts:\n    good: {ansible_connection: local}\n    nofile: {ansible_connection: local, missing_vars_file: nowhere.yaml}\n',
  );
  const problems = new ProblemList();
  const inventory = loadInventory([join(dir, 'inv.yaml')], problems);
  const playbook = loadPlaybook(join(import.meta.dirname, '..', 'fixtures', 'runner', 'failures.yaml'), problems)!;
  // The static check knows `not_defined_anywhere` is defined nowhere; the run must cope anyway.
  assert.deepEqual(problems.items, []);
  writeFileSync(join(playbook.dir, 'vars-good.yaml'), 'x: 1\n');
  try {
    const events: RunEvent[] = [];
    const summary = await runPlaybook(playbook, inventory, [selectHosts(inventory, 'all', problems)], {
      tags: NO_TAG_FILTER,
      check: false,
      diff: false,
      forks: 2,
      extraVars: {},
      verbosity: 0,
      listeners: [(e) => events.push(e)],
    });
    const results = (name: string) =>
      Object.fromEntries(
        events
          .filter((e) => e.kind === 'host_result' && e.task.name === name)
          .map((e) => [e.kind === 'host_result' ? e.host : '', e.kind === 'host_result' ? e.status : '']),
      );
    assert.deepEqual(results('loop over an undefined variable'), { good: 'failed', nofile: 'failed' });
    // nofile's vars file is missing: every task of that host fails, its rescue included.
    assert.deepEqual(results('rescued'), { good: 'ok', nofile: 'failed' });
    assert.deepEqual(results('include a file that is not there'), { good: 'failed' });
    const rescue = events.find((e) => e.kind === 'host_result' && e.task.name === 'rescued' && e.host === 'good');
    assert.match(JSON.stringify(rescue), /not_defined_anywhere/);
    const nofile = events.find((e) => e.kind === 'host_result' && e.host === 'nofile' && e.task.name === 'rescued');
    assert.match(JSON.stringify(nofile), /nowhere\.yaml/);
    assert.equal(summary.exitCode, 2);
  } finally {
    rmSync(join(playbook.dir, 'vars-good.yaml'), { force: true });
  }
});
