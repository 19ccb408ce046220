/**
 * `npm run bench`: the numbers we hold ourselves to, printed, never asserted in tests. Today:
 * the SSH connection layer against a real sshd (needs root and Debian's openssh-server, like
 * the tests), the terminal reporter at fleet size, and the runner's own overhead per host and
 * task on controller-local hosts. The fleet benchmark against ansible-playbook and the raw ssh
 * floor is issue 6's work.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ProblemList } from '../src/errors/problem.js';
import { loadInventory } from '../src/inventory/load-inventory.js';
import { NO_TAG_FILTER } from '../src/playbook/tags.js';
import { loadPlaybook } from '../src/playbook/load-playbook.js';
import { runPlaybook } from '../src/runner/run-playbook.js';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const root = join(import.meta.dirname, '..');

function section(title: string, script: string, args: string[] = []): void {
  console.log(`\n## ${title}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, script), ...args], { cwd: root, encoding: 'utf8' });
  process.stdout.write(result.stdout);
  if (result.status !== 0) console.log(`(failed: ${result.stderr.trim().split('\n').slice(-3).join(' | ')})`);
}

/** Runner overhead: `tasks` no-op tasks (`debug`) on `hosts` local hosts, no connection cost. */
async function runnerOverhead(hosts: number, tasks: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'certbook-bench-'));
  try {
    writeFileSync(join(dir, 'inv.yaml'), `all:\n  hosts:\n    h[0001:${String(hosts).padStart(4, '0')}]:\n  vars: {ansible_connection: local}\n`);
    const taskYaml = Array.from({ length: tasks }, (_, i) => `    - name: noop ${i}\n      debug: {msg: "{{ inventory_hostname }}"}\n`).join('');
    writeFileSync(join(dir, 'pb.yaml'), `- hosts: all\n  gather_facts: false\n  tasks:\n${taskYaml}`);
    const problems = new ProblemList();
    const inventory = loadInventory([join(dir, 'inv.yaml')], problems);
    const playbook = loadPlaybook(join(dir, 'pb.yaml'), problems)!;
    const started = performance.now();
    const cpu = process.cpuUsage();
    await runPlaybook(playbook, inventory, [inventory.hostNames()], {
      tags: NO_TAG_FILTER, check: false, diff: false, forks: 50, extraVars: {}, verbosity: 0, listeners: [],
    });
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const perHostTask = wall / (hosts * tasks);
    console.log(JSON.stringify({ hosts, tasks, wall_ms: Math.round(wall), cpu_ms: Math.round((used.user + used.system) / 1000), ms_per_host_task: Math.round(perHostTask * 1000) / 1000, rss_mb: Math.round(process.memoryUsage().rss / 1048576) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`certbook bench on ${process.platform} ${process.arch}, node ${process.version}`);
console.log('\n## runner overhead (local hosts, debug tasks)');
await runnerOverhead(100, 5);
await runnerOverhead(500, 5);
section('ssh connection layer (real sshd on 127.0.0.1)', 'test/harness/bench-connection.ts');
section('terminal reporter at fleet size', 'scripts/bench-tty.ts');
