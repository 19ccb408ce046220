/**
 * The runner over the real test sshd: a playbook using every task keyword on three inventory
 * hosts gives the expected statuses, recap and registered data; a second run changes nothing.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import type { HostStats, RunEvent } from '../../src/events/run-events.js';
import { selectHosts } from '../../src/inventory/host-patterns.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { NO_TAG_FILTER } from '../../src/playbook/tags.js';
import type { RunSummary } from '../../src/runner/run-options.js';
import { runPlaybook } from '../../src/runner/run-playbook.js';
import { startSshd, type TestSshd } from '../harness/sshd.js';

const playbookPath = join(import.meta.dirname, '..', 'fixtures', 'runner', 'keywords.yaml');
let sshd: TestSshd;
let dir: string;

before(async () => {
  sshd = await startSshd({ extraLoopbacks: 2 });
  dir = mkdtempSync(join(tmpdir(), 'certbook-keywords-'));
  const work = join(dir, 'work');
  writeFileSync(
    join(dir, 'known_hosts'),
    `${['127.0.0.1', ...sshd.extraHosts].map((h) => `[${h}]:${sshd.port} ${sshd.hostPublicKey}`).join('\n')}\n`,
  );
  writeFileSync(join(dir, 'ssh_config'), `Host *\n  UserKnownHostsFile ${join(dir, 'known_hosts')}\n`);
  writeFileSync(
    join(dir, 'inventory.yaml'),
    `${[
      'nodes:',
      '  hosts:',
      '    n1: {ansible_host: 127.0.0.1}',
      `    n2: {ansible_host: ${sshd.extraHosts[0]}}`,
      `    n3: {ansible_host: ${sshd.extraHosts[1]}}`,
      '  vars:',
      `    ansible_port: ${sshd.port}`,
      `    ansible_user: ${sshd.sudoUser}`,
      `    ansible_ssh_private_key_file: ${sshd.keyFile}`,
      `    ansible_become_password: ${JSON.stringify(sshd.password)}`,
      `    work_dir: ${work}`,
    ].join('\n')}\n`,
  );
  // The login user creates its marker directories under a directory anyone may write.
  chmodSync(dir, 0o755);
  mkdirSync(work);
  chmodSync(work, 0o777);
});

after(async () => {
  await sshd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function run(): Promise<{ summary: RunSummary; events: RunEvent[] }> {
  const problems = new ProblemList();
  const inventory = loadInventory([join(dir, 'inventory.yaml')], problems);
  const playbook = loadPlaybook(playbookPath, problems);
  assert.deepEqual(problems.items, []);
  const hosts = playbook!.plays.map((p) => selectHosts(inventory, p.hosts, problems));
  const events: RunEvent[] = [];
  const summary = await runPlaybook(playbook!, inventory, hosts, {
    tags: NO_TAG_FILTER,
    check: false,
    diff: false,
    forks: 5,
    extraVars: {},
    verbosity: 0,
    listeners: [(e) => events.push(e)],
    sshConfigFile: join(dir, 'ssh_config'),
  });
  return { summary, events };
}

function statuses(events: RunEvent[], task: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of events) {
    if (e.kind === 'host_result' && e.task.name === task) out[e.host] = e.ignored ? `${e.status} (ignored)` : e.status;
  }
  return out;
}

const stats = (ok: number, changed: number, skipped: number, rescued: number): HostStats => ({
  ok,
  changed,
  unreachable: 0,
  failed: 0,
  skipped,
  rescued,
  ignored: 2,
});

test('every keyword does what Ansible does, and a second run changes nothing', async () => {
  const first = await run();
  assert.equal(first.summary.exitCode, 0, JSON.stringify(first.summary.stats));
  const e = first.events;
  assert.deepEqual(statuses(e, 'create marker once'), { n1: 'changed', n2: 'changed', n3: 'changed' });
  assert.deepEqual(statuses(e, 'only on n2'), { n1: 'skipped', n2: 'ok', n3: 'skipped' });
  assert.deepEqual(statuses(e, 'fails on n3'), { n1: 'skipped', n2: 'skipped', n3: 'failed' });
  assert.deepEqual(statuses(e, 'rescue'), { n3: 'ok' });
  assert.deepEqual(statuses(e, 'always'), { n1: 'ok', n2: 'ok', n3: 'ok' });
  assert.deepEqual(statuses(e, 'run once'), { n1: 'ok' });
  assert.deepEqual(statuses(e, 'never unless asked'), {});
  assert.deepEqual(statuses(e, 'ignore errors'), { n1: 'failed (ignored)', n2: 'failed (ignored)', n3: 'failed (ignored)' });
  assert.deepEqual(statuses(e, 'timeout'), { n1: 'failed (ignored)', n2: 'failed (ignored)', n3: 'failed (ignored)' });
  assert.deepEqual(statuses(e, 'announce'), { n1: 'ok', n2: 'ok', n3: 'ok' }, 'the handler ran through its listen topic');
  const loopItems = e.filter((x) => x.kind === 'item_result' && x.host === 'n1').map((x) => (x.kind === 'item_result' ? x.label : ''));
  assert.deepEqual(loopItems, ['a', 'b']);

  const rows = first.summary.records.nodes!;
  assert.equal(rows.length, 3);
  for (const row of rows) {
    const host = String(row.host);
    assert.equal(row.looped, 'a-0,b-1');
    assert.equal(row.whoami, 'root', 'become ran the command as root');
    assert.equal(row.once, 'once-from-n1', "run_once shares the first host's result");
    assert.equal(row.delegated, `${host}-on-root`, 'delegate_to localhost ran on the controller');
    assert.equal(row.attempts, 2, 'until retried once');
    assert.equal(row.rescued_rc, host === 'n3' ? 7 : 'none');
    assert.equal(row.imported, 'from-import');
    assert.equal(row.included, 'yes-included');
  }
  // include_tasks counts as ok, as in Ansible.
  assert.deepEqual(first.summary.stats, { n1: stats(20, 1, 2, 0), n2: stats(20, 1, 1, 0), n3: stats(20, 1, 1, 1) });

  const second = await run();
  assert.equal(second.summary.exitCode, 0);
  for (const [host, s] of Object.entries(second.summary.stats)) assert.equal(s.changed, 0, `${host} changed on the second run`);
  assert.deepEqual(statuses(second.events, 'create marker once'), { n1: 'ok', n2: 'ok', n3: 'ok' });
  assert.deepEqual(statuses(second.events, 'announce'), {}, 'no change, no handler');
});
