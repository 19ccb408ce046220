/**
 * The rotate lock's stale takeover under contention: many runs finding the same stale lock at
 * the same moment (the playbook's own lock tasks, run by eight hosts at once against one
 * directory): exactly one takes it over, every other is refused and names the new holder.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../harness/temp-dir.js';
import { resultsOf, runPlaybook } from '../playbooks/playbook-run.js';

const TAKERS = 8;
const ROUNDS = 5;
const LOCK_TASKS = join(import.meta.dirname, '..', '..', 'playbooks', 'tasks', 'host-lock.yaml');

test(`${TAKERS} runs taking over one stale lock at once: one wins, ${TAKERS - 1} are refused (${ROUNDS} rounds)`, async () => {
  const dir = tempDir('certbook-takeover-');
  const hosts = Array.from({ length: TAKERS }, (_, i) => `    taker-${i}: {ansible_connection: local}`).join('\n');
  writeFileSync(join(dir, 'inventory.yaml'), `all:\n  hosts:\n${hosts}\n`);
  writeFileSync(
    join(dir, 'take.yaml'),
    [
      '- hosts: all',
      '  gather_facts: false',
      '  vars:',
      `    cb_data_dir: ${JSON.stringify(dir)}`,
      '    cb_lock_wait: 0',
      '  tasks:',
      `    - import_tasks: ${LOCK_TASKS}`,
      '',
    ].join('\n'),
  );
  const lock = join(dir, 'certbook-rotate.lock');
  for (let round = 0; round < ROUNDS; round++) {
    // A lock whose holder's session is gone (no such pid): stale for every taker.
    mkdirSync(lock, { recursive: true });
    writeFileSync(
      join(lock, 'owner'),
      `token=old\nuser=gone\npid=999999\npid_start=1\nstarted=2026-01-01T00:00:00Z\nstarted_epoch=${Math.floor(Date.now() / 1000)}\n`,
    );
    const run = await runPlaybook(join(dir, 'take.yaml'), join(dir, 'inventory.yaml'), ['--forks', String(TAKERS)]);
    const results = resultsOf(run.report, "Take the host's rotate lock");
    assert.equal(results.length, TAKERS);
    const winners = results.filter((r) => r.status !== 'failed');
    assert.equal(winners.length, 1, `round ${round}: ${winners.length} runs hold the lock at once:\n${run.stdout}`);
    const owner = readFileSync(join(lock, 'owner'), 'utf8');
    assert.match(owner, new RegExp(`^token=${String(winners[0]!.result.stdout).trim()}$`, 'm'), "the lock is the winner's");
    for (const loser of results.filter((r) => r.status === 'failed')) {
      assert.match(String(loser.result.stderr), /is held by another run \((user=|being taken)/);
    }
    // The winner took the stale lock over, or took it the moment a takeover had freed it.
    const said = String(winners[0]!.result.stderr);
    if (said) assert.match(said, /^stale rotate lock .*its sshd session \(pid 999999\) is gone.*: taken over$/);
    // The next round starts from a stale lock again.
    writeFileSync(join(lock, 'owner'), owner.replace(/^pid=.*$/m, 'pid=999999'));
  }
});
