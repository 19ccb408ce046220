/**
 * A hostile inventory: host names and variables made of shell syntax (`;`, `$()`, backticks,
 * quotes, newlines). Steps that take paths, contents and argument lists pass them through
 * intact and no shell ever runs them: a canary file named PWNED never appears.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import { selectHosts } from '../../src/inventory/host-patterns.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { NO_TAG_FILTER } from '../../src/playbook/tags.js';
import { runPlaybook } from '../../src/runner/run-playbook.js';

const HOSTILE_HOSTS = ['semi;touch PWNED', '$(touch PWNED)', '`touch PWNED`', 'quote\'"; touch PWNED #'];
const HOSTILE_VAR = 'x\'; touch PWNED; echo "$(touch PWNED)" `touch PWNED` \\\nnewline';

test('hostile host names and variables reach no shell unquoted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certbook-hostile-'));
  const work = join(dir, 'work');
  try {
    const hosts = HOSTILE_HOSTS.map((h) => `    ${JSON.stringify(h)}: {ansible_connection: local}`).join('\n');
    writeFileSync(
      join(dir, 'inv.yaml'),
      `all:\n  hosts:\n${hosts}\n  vars:\n    work_dir: ${JSON.stringify(work)}\n    evil_var: ${JSON.stringify(HOSTILE_VAR.replace('\n', ''))}\n`,
    );
    const problems = new ProblemList();
    const inventory = loadInventory([join(dir, 'inv.yaml')], problems);
    const playbook = loadPlaybook(join(import.meta.dirname, '..', 'fixtures', 'runner', 'hostile.yaml'), problems)!;
    assert.deepEqual(problems.items, []);
    assert.deepEqual(inventory.hostNames(), HOSTILE_HOSTS);
    mkdirSync(work);
    const summary = await runPlaybook(
      playbook,
      inventory,
      playbook.plays.map((p) => selectHosts(inventory, p.hosts, problems)),
      {
        tags: NO_TAG_FILTER,
        check: false,
        diff: false,
        forks: 4,
        extraVars: {},
        verbosity: 0,
        listeners: [],
        sshConfigFile: false,
      },
    );
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.stats));
    for (const host of HOSTILE_HOSTS) assert.equal(summary.stats[host]!.failed, 0);
    assert.deepEqual(readdirSync(work).sort(), [...HOSTILE_HOSTS].sort(), 'one directory per host, named exactly');
    for (const place of [dir, work, process.cwd(), tmpdir()]) assert.ok(!existsSync(join(place, 'PWNED')), `PWNED appeared in ${place}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
