/**
 * SIGINT to `certbook run` (the real launcher, a child process) while an `until` loop or a `loop`
 * keeps a host busy over SSH (real sshd): after the interrupt no further attempt or item reaches
 * the host, the one in flight finishes (or, after a second SIGINT, is killed), and the `always:`
 * cleanup still runs. Each attempt or item appends the host's time (same machine, same clock) to
 * a file as its first act, so the file counts what reached the host and when.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startSshd, type TestSshd } from '../harness/sshd.js';
import { tempDir } from '../harness/temp-dir.js';
import { until } from './fault-tools.js';

const root = join(import.meta.dirname, '..', '..');

let sshd: TestSshd;
before(async () => {
  sshd = await startSshd();
});
after(async () => {
  await sshd?.stop();
});

interface Interrupted {
  code: number | null;
  stdout: string;
  /** When each attempt or item started on the host (epoch ms). */
  starts: number[];
  cleanups: number;
  /** When the first SIGINT was sent, and when the run exited. */
  interruptedAt: number;
  exitedAt: number;
}

/** Runs `work` (a task, YAML lines at block depth; `LOG` is the file to append to) and interrupts it after `afterStarts` starts. */
async function interrupt(work: string[], afterStarts: number, signals: number): Promise<Interrupted> {
  const dir = tempDir('certbook-until-ssh-');
  // The SSH user writes there.
  chmodSync(dir, 0o777);
  const log = join(dir, 'starts.log');
  const cleanup = join(dir, 'cleanup.log');
  writeFileSync(
    join(dir, 'inv.yaml'),
    `${[
      'all:',
      '  hosts:',
      '    target:',
      '      ansible_host: 127.0.0.1',
      `      ansible_port: ${sshd.port}`,
      `      ansible_user: ${sshd.user}`,
      `      ansible_ssh_private_key_file: ${sshd.keyFile}`,
      `      ansible_ssh_common_args: -o UserKnownHostsFile=${sshd.knownHostsFile}`,
    ].join('\n')}\n`,
  );
  writeFileSync(
    join(dir, 'pb.yaml'),
    `${[
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - name: work',
      '      block:',
      ...work.map((l) => `        ${l.replaceAll('LOG', log)}`),
      '      always:',
      `        - {name: cleanup, shell: "echo done >> ${cleanup}"}`,
    ].join('\n')}\n`,
  );
  const child = spawn(process.execPath, [join(root, 'bin', 'certbook.js'), 'run', join(dir, 'pb.yaml'), '-i', join(dir, 'inv.yaml')], {
    cwd: dir,
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let exitedAt = 0;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exitedAt = Date.now();
      resolve(code);
    }),
  );
  const starts = (): number[] => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map(Number) : []);
  let interruptedAt = 0;
  try {
    await until(() => starts().length >= afterStarts, 'the run busy with the host', exited, 90_000);
    interruptedAt = Date.now();
    child.kill('SIGINT');
    if (signals > 1) {
      await until(() => stderr.includes('[WARNING]: interrupted (SIGINT)'), 'certbook saying it is interrupted', exited);
      child.kill('SIGINT');
    }
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stdout}\n${stderr}`);
  }
  const code = await exited;
  const cleanups = existsSync(cleanup) ? readFileSync(cleanup, 'utf8').split('\n').filter(Boolean).length : 0;
  return { code, stdout: stdout + stderr, starts: starts(), cleanups, interruptedAt, exitedAt };
}

/** What the host saw after the interrupt; at most the start already on its way when the signal came. */
function check(label: string, run: Interrupted): void {
  const late = run.starts.filter((t) => t > run.interruptedAt);
  const last = Math.max(...run.starts);
  console.log(
    `${label}: ${run.starts.length} starts, ${late.length} after SIGINT (last start ${last - run.interruptedAt} ms after it), exit ${run.exitedAt - run.interruptedAt} ms after it`,
  );
  assert.equal(run.code, 99, run.stdout);
  assert.ok(late.length <= 1, `${late.length} starts after the interrupt`);
  // Generous for a loaded machine: the loop alone would run for minutes.
  assert.ok(run.exitedAt - run.interruptedAt < 30_000, `exit ${run.exitedAt - run.interruptedAt} ms after SIGINT`);
  assert.equal(run.cleanups, 1, 'the always: cleanup ran');
}

const UNTIL = ['- {name: polls, shell: "date +%s%3N >> LOG; sleep 0.3; exit 1", register: r, until: r.rc == 0, retries: 1000, delay: 0}'];
const LOOP = ['- {name: items, shell: "date +%s%3N >> LOG; sleep 0.3", loop: "{{ range(1000) | list }}"}'];

describe('SIGINT while a task keeps a host busy over SSH', () => {
  test('an until loop: no attempt after the interrupt, the cleanup runs', async () => {
    const run = await interrupt(UNTIL, 4, 1);
    check('until', run);
    assert.match(run.stdout, /interrupted after \d+ attempt\(s\)/);
  });

  test('a loop: no item after the interrupt, the cleanup runs', async () => {
    const run = await interrupt(LOOP, 4, 1);
    check('loop', run);
    // The plain output shows the items that ran (the loop's own result, as Ansible's, is not printed); the task failed.
    assert.match(run.stdout, /changed: \[target\] => \(item=2\)\n/);
    assert.match(run.stdout, /target +: ok=\d+ +changed=\d+ +unreachable=0 +failed=1 /);
  });

  test('an until loop, interrupted twice (the attempt in flight killed): no attempt after it, the cleanup runs', async () => {
    check('until, twice', await interrupt(UNTIL, 4, 2));
  });
});
