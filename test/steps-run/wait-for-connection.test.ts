/**
 * `wait_for_connection` over the real sshd: a host whose sshd starts only after the task began
 * (something else answers on its port first, then nothing, then sshd), a host that never comes
 * (Ansible's timeout message), `delay`, a new login each time, an interrupt, and check mode.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import type { RunEvent } from '../../src/events/run-events.js';
import { selectHosts } from '../../src/inventory/host-patterns.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { NO_TAG_FILTER } from '../../src/playbook/tags.js';
import { runPlaybook } from '../../src/runner/run-playbook.js';
import { freePort, startSshd, type TestSshd } from '../harness/sshd.js';
import { until } from '../simulator/runtime-helpers.js';
import { runTasks, type TasksRun } from './run-tasks.js';
import { writeSessionPidScript } from './session-pid.js';

let sshd: TestSshd | undefined;
let dir: string;
let port: number;
const keyFile = (): string => join(dir, 'id_ed25519');

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'certbook-wait-conn-'));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'bin'));
  writeSessionPidScript(join(dir, 'bin', 'session-pid'));
  port = await freePort();
  // The run's key exists before any sshd does; the late sshd is told to accept it.
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile()]);
});
after(async () => {
  await sshd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** An inventory for h1 at 127.0.0.1:`hostPort`, trusting whatever `known_hosts` in `dir` will hold. */
function writeInventory(hostPort: number): void {
  writeFileSync(
    join(dir, 'inv.yaml'),
    [
      'all:',
      '  hosts:',
      '    h1:',
      '      ansible_host: 127.0.0.1',
      `      ansible_port: ${hostPort}`,
      '      ansible_user: certbook-test',
      `      ansible_ssh_private_key_file: ${keyFile()}`,
      `      ansible_ssh_common_args: -o UserKnownHostsFile=${join(dir, 'known_hosts')}`,
      '',
    ].join('\n'),
  );
}

const run = (tasks: string[], args: string[] = []): Promise<TasksRun> => runTasks(dir, tasks, { args });

/** A TCP server on `p` that hangs up on every connection, counting them: a host whose sshd is not up yet. */
function hangUpServer(p: number): Promise<{ server: Server; seen: () => number }> {
  let seen = 0;
  const server = createServer((socket) => {
    seen++;
    socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(p, '127.0.0.1', () => resolve({ server, seen: () => seen }));
  });
}

test('an sshd that starts after the task began: the step keeps logging in until it works, then the play goes on', async () => {
  writeInventory(port);
  const early = await hangUpServer(port);
  const running = run([
    '- name: wait',
    '  wait_for_connection: {timeout: 60, sleep: 1, connect_timeout: 2}',
    `- {name: after, shell: ${join(dir, 'bin', 'session-pid')}}`,
  ]);
  await until('a first attempt on the port', () => early.seen() >= 1);
  await new Promise<void>((resolve) => early.server.close(() => resolve()));
  sshd = await startSshd({ port });
  appendFileSync(join(sshd.dir, 'authorized', sshd.user), readFileSync(`${keyFile()}.pub`));
  writeFileSync(join(dir, 'known_hosts'), `${sshd.knownHostsLine}\n`);
  const r = await running;
  assert.equal(r.code, 0, r.out);
  const wait = r.results.wait!;
  assert.equal(wait.status, 'ok');
  assert.equal(Number.isInteger(wait.result.elapsed), true);
  assert.equal(r.results.after!.status, 'changed');
  assert.ok(early.seen() >= 1);
});

test('delay, and a new login each time: the task after it runs on another login than the one before', async () => {
  assert.ok(sshd, 'the sshd of the test before');
  const r = await run([
    `- {name: before, shell: ${join(dir, 'bin', 'session-pid')}}`,
    '- name: wait',
    '  wait_for_connection: {delay: 1, timeout: 30}',
    `- {name: after, shell: ${join(dir, 'bin', 'session-pid')}}`,
  ]);
  assert.equal(r.code, 0, r.out);
  assert.ok(Number(r.results.wait!.result.elapsed) >= 1, 'the delay counts');
  assert.notEqual(r.results.after!.result.stdout, r.results.before!.result.stdout);
});

test("a host that never comes: Ansible's message with the last error, a failure rather than unreachable", async () => {
  const nobody = await freePort();
  writeInventory(nobody);
  const r = await run(['- {name: wait, wait_for_connection: {timeout: 2, sleep: 1, connect_timeout: 1}}']);
  assert.equal(r.code, 2, r.out);
  assert.equal(r.results.wait!.status, 'failed');
  assert.equal(r.results.wait!.result.msg, `timed out waiting for ping module test: h1: connection refused by 127.0.0.1:${nobody}`);
  assert.ok(Number(r.results.wait!.result.elapsed) >= 2);
});

test('check mode: skipped, nothing waited for', async () => {
  writeInventory(await freePort());
  const r = await run(['- {name: wait, wait_for_connection: {timeout: 600}}'], ['--check']);
  assert.equal(r.code, 0, r.out);
  assert.equal(r.results.wait!.status, 'skipped');
});

test('an interrupt stops the waiting at once (a 600 s timeout would otherwise hold the run)', async () => {
  const p = await freePort();
  writeInventory(p);
  const early = await hangUpServer(p);
  writeFileSync(
    join(dir, 'pb.yaml'),
    '- hosts: all\n  gather_facts: false\n  tasks:\n    - {name: wait, wait_for_connection: {timeout: 600, sleep: 1}}\n',
  );
  const problems = new ProblemList();
  const inventory = loadInventory([join(dir, 'inv.yaml')], problems);
  const playbook = loadPlaybook(join(dir, 'pb.yaml'), problems)!;
  assert.deepEqual(problems.items, []);
  const stop = new AbortController();
  const events: RunEvent[] = [];
  const running = runPlaybook(playbook, inventory, [selectHosts(inventory, 'all', problems)], {
    tags: NO_TAG_FILTER,
    check: false,
    diff: false,
    forks: 1,
    extraVars: {},
    verbosity: 0,
    signal: stop.signal,
    listeners: [(e) => events.push(e)],
  });
  await until('a first attempt on the port', () => early.seen() >= 1);
  stop.abort();
  await running;
  await new Promise<void>((resolve) => early.server.close(() => resolve()));
  const result = events.find((e) => e.kind === 'host_result' && e.task.name === 'wait');
  assert.ok(result && result.kind === 'host_result');
  assert.equal(result.status, 'failed');
  assert.match(String(result.result.msg), /^interrupted while waiting for the connection: /);
});
