/**
 * What a task costs beyond the SSH round trip it needs: a host runs 1 and then 21 `command: true`
 * tasks (forks 1, so nothing overlaps), in-process against the benchmark's sshd; the difference
 * per task is compared with a bare exec round trip (`Host.exec('true')` on an open connection).
 * Also a controller-only no-op (`debug`), which needs no round trip at all.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHost } from '../../src/connection/open-host.js';
import { ProblemList } from '../../src/errors/problem.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { NO_TAG_FILTER } from '../../src/playbook/tags.js';
import { runPlaybook } from '../../src/runner/run-playbook.js';
import { settingsFor } from '../../test/harness/ssh-settings.js';
import type { TestSshd } from '../../test/harness/sshd.js';

/** The no-op numbers, all in ms. */
export interface NoopCost {
  hosts: number;
  /** Median bare exec round trip on an open connection. */
  execRoundTripMs: number;
  /** Wall per `command: true` task per host (forks 1). */
  commandTaskMs: number;
  /** commandTaskMs − execRoundTripMs: what the task machinery adds. */
  beyondRoundTripMs: number;
  /** Controller CPU per `command: true` task per host. */
  commandTaskCpuMs: number;
  /** Wall per `debug` task per host (no connection). */
  debugTaskMs: number;
}

/** Measures on `hosts` aliases of `sshd`. */
export async function measureNoopCost(sshd: TestSshd, hosts = 10): Promise<NoopCost> {
  const dir = mkdtempSync(join(tmpdir(), 'certbook-noop-'));
  try {
    const inventory = join(dir, 'inv.yaml');
    writeFileSync(
      inventory,
      [
        'all:',
        '  vars:',
        `    {ansible_host: 127.0.0.1, ansible_port: ${sshd.port}, ansible_user: ${sshd.user}, ansible_ssh_private_key_file: ${JSON.stringify(sshd.keyFile)},`,
        `     ansible_ssh_common_args: ${JSON.stringify(`-o UserKnownHostsFile=${sshd.knownHostsFile}`)}}`,
        '  hosts:',
        `    h[01:${String(hosts).padStart(2, '0')}]:`,
        '',
      ].join('\n'),
    );
    const rtt = await roundTrip(sshd);
    const run = (tasks: number, step: string) => timedRun(dir, inventory, tasks, step);
    await run(1, 'command: "true"'); // warm: modules loaded, parsers compiled
    const one = await run(1, 'command: "true"');
    const many = await run(21, 'command: "true"');
    const debugOne = await run(1, 'debug: {msg: x}');
    const debugMany = await run(21, 'debug: {msg: x}');
    const per = (a: { wallMs: number }, b: { wallMs: number }) => (b.wallMs - a.wallMs) / (20 * hosts);
    const commandTaskMs = per(one, many);
    return {
      hosts,
      execRoundTripMs: round(rtt),
      commandTaskMs: round(commandTaskMs),
      beyondRoundTripMs: round(commandTaskMs - rtt),
      commandTaskCpuMs: round((many.cpuMs - one.cpuMs) / (20 * hosts)),
      debugTaskMs: round(per(debugOne, debugMany)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function roundTrip(sshd: TestSshd): Promise<number> {
  const host = await openHost(settingsFor(sshd));
  try {
    const samples: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t = performance.now();
      await host.exec('true');
      samples.push(performance.now() - t);
    }
    return samples.sort((a, b) => a - b)[50]!;
  } finally {
    await host.close();
  }
}

async function timedRun(dir: string, inventoryFile: string, tasks: number, step: string): Promise<{ wallMs: number; cpuMs: number }> {
  const file = join(dir, `pb-${tasks}.yaml`);
  const body = Array.from({ length: tasks }, (_, i) => `    - name: noop ${i}\n      ${step}\n`).join('');
  writeFileSync(file, `- hosts: all\n  gather_facts: false\n  tasks:\n${body}`);
  const problems = new ProblemList();
  const inventory = loadInventory([inventoryFile], problems);
  const playbook = loadPlaybook(file, problems);
  if (!playbook || !problems.ok) throw new Error(`no-op playbook did not load: ${JSON.stringify(problems)}`);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await runPlaybook(playbook, inventory, [inventory.hostNames()], {
    tags: NO_TAG_FILTER,
    check: false,
    diff: false,
    forks: 1,
    extraVars: {},
    verbosity: 0,
    listeners: [],
    sshConfigFile: false,
  });
  const wallMs = performance.now() - started;
  if (result.exitCode !== 0) throw new Error(`no-op run failed with exit ${result.exitCode}`);
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
