/**
 * SIGINT while `certbook run rotate` waits for a node's rotate lock (another run holds it,
 * k3s_lock_wait): the waiting stops at once, no attempt reaches the host after the interrupt,
 * the other run's lock is left alone. And SIGINT while the certificates are read again after the
 * wait (the lock now this run's): the cleanup gives the lock back. The real launcher as a child
 * process, real sshd, the simulator.
 *
 * Every attempt to take the lock runs `mkdir <lock>` on the node: a wrapper first on the node's
 * PATH logs each one with the time (same machine, same clock), so the log counts what reached
 * the host and when.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type SimulatedFleet, SYSTEM_PATH, startSimulatedFleet } from '../harness/simulated-cluster.js';
import { tempDir } from '../harness/temp-dir.js';
import { holdable, until } from './fault-tools.js';

const root = join(import.meta.dirname, '..', '..');
const NODE = 'server-1';

interface Report {
  exitCode: number;
  cleanup?: { hosts: Record<string, { released: string[]; held: string[] }> };
  plays: Array<{ tasks: Array<{ name: string; results: Array<{ host: string; status: string; result: Record<string, unknown> }> }> }>;
}

/** A `mkdir` that logs `<epoch ms> <args>` for the lock directory, then runs the real one. */
function countingMkdir(binDir: string, log: string): void {
  writeFileSync(
    join(binDir, 'mkdir'),
    [
      '#!/bin/sh',
      '# Counts the rotate lock attempts (test/reliability/interrupt-lock-wait.test.ts).',
      `case "$*" in *certbook-rotate.lock) echo "$(date +%s%3N) $*" >> '${log}' ;; esac`,
      `PATH='${SYSTEM_PATH}' exec mkdir "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
}

/** The lock as a live run holds it: its owner's "sshd session" is this test process (alive throughout). */
function holdLock(lock: string): void {
  mkdirSync(lock);
  const start = readFileSync(`/proc/${process.pid}/stat`, 'utf8')
    .replace(/^.*\) /s, '')
    .split(' ')[19];
  const now = Math.floor(Date.now() / 1000);
  writeFileSync(
    join(lock, 'owner'),
    `token=other-run\nuser=someone\npid=${process.pid}\npid_start=${start}\nstarted=2026-01-01T00:00:00Z\nstarted_epoch=${now}\n`,
  );
}

/** The times (epoch ms) of the lock attempts so far. */
function attempts(log: string): number[] {
  return existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => Number(l.split(' ')[0]))
    : [];
}

/** Runs rotate (waiting up to 600 s for locks) as a child process; `during` acts while it runs and returns when it sent SIGINT. */
async function rotate(
  fleet: SimulatedFleet,
  during: (interrupt: () => number, exited: Promise<number | null>, output: () => string) => Promise<void>,
): Promise<{ code: number | null; stderr: string; report: Report; exitedAt: number }> {
  const dir = tempDir('certbook-lockwait-');
  const report = join(dir, 'report.json');
  const child = spawn(
    process.execPath,
    [
      join(root, 'bin', 'certbook.js'),
      'run',
      'rotate',
      '-i',
      fleet.inventoryFile,
      '-e',
      'force=true',
      '-e',
      'k3s_lock_wait=600',
      '--report',
      report,
    ],
    { cwd: dir, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let exitedAt = 0;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exitedAt = Date.now();
      resolve(code);
    }),
  );
  try {
    await during(
      () => {
        const at = Date.now();
        child.kill('SIGINT');
        return at;
      },
      exited,
      () => stdout + stderr,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- stderr\n${stderr}`);
  }
  const code = await exited;
  return { code, stderr, report: JSON.parse(readFileSync(report, 'utf8')) as Report, exitedAt };
}

function resultsOf(report: Report, task: string): Array<{ host: string; status: string; result: Record<string, unknown> }> {
  return report.plays
    .flatMap((p) => p.tasks)
    .filter((t) => t.name === task)
    .flatMap((t) => t.results);
}

describe('interrupting rotate while it waits for a lock', () => {
  let fleet: SimulatedFleet;
  let lock: string;
  let log: string;
  before(async () => {
    fleet = await startSimulatedFleet({ servers: 1, version: 'v1.33.1+k3s1', state: { leafDaysLeft: 300, servingDaysLeft: 300 } });
    const paths = fleet.cluster.paths(NODE);
    lock = join(paths.dataDir, 'certbook-rotate.lock');
    log = join(paths.run, 'lock-attempts.log');
    countingMkdir(paths.bin, log);
    // `wc -c` sizes the certificate files, once per read, right before they are sent.
    holdable(paths.bin, paths.run, 'wc', SYSTEM_PATH);
  });
  after(async () => {
    await fleet?.stop();
  });

  test("SIGINT during the wait: no attempt reaches the host after it, the run exits at once, the other run's lock is left alone", async () => {
    rmSync(log, { force: true });
    holdLock(lock);
    try {
      let interruptedAt = 0;
      let before = 0;
      const run = await rotate(fleet, async (interrupt, exited) => {
        // Two attempts: the run is in its until loop (2 s between attempts).
        await until(() => attempts(log).length >= 2, 'the run waiting for the lock', exited, 90_000);
        before = attempts(log).length;
        interruptedAt = interrupt();
      });
      const after = attempts(log).filter((t) => t > interruptedAt);
      const last = Math.max(...attempts(log));
      console.log(
        `lock wait: ${attempts(log).length} attempts, ${after.length} after SIGINT; last attempt ${last - interruptedAt} ms after SIGINT; exit ${run.exitedAt - interruptedAt} ms after SIGINT`,
      );
      assert.equal(run.code, 99, run.stderr);
      // At most the attempt whose command was already on its way (it finishes: the grace period).
      assert.ok(attempts(log).length <= before + 1, `${attempts(log).length - before} attempt(s) after the interrupt`);
      assert.ok(after.length <= 1, `${after.length} attempts logged after the interrupt`);
      const taken = resultsOf(run.report, "Take the host's rotate lock").find((r) => r.host === NODE);
      assert.match(String(taken?.result.msg), /^interrupted after \d+ attempt\(s\)/);
      assert.equal(Number(taken?.result.attempts), attempts(log).length, 'every attempt is counted once');
      // Generous: the wait would have gone on for 600 s.
      assert.ok(run.exitedAt - interruptedAt < 60_000, `exited ${run.exitedAt - interruptedAt} ms after the interrupt`);
      assert.ok(
        existsSync(join(lock, 'owner')) && readFileSync(join(lock, 'owner'), 'utf8').startsWith('token=other-run'),
        "the other run's lock is untouched",
      );
      assert.deepEqual(run.report.cleanup?.hosts[NODE]?.held ?? [], []);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  });

  test("SIGINT while the certificates are read again after the wait: the lock, now this run's, is given back", async () => {
    rmSync(log, { force: true });
    const paths = fleet.cluster.paths(NODE);
    const [hold, held] = [join(paths.run, 'hold-wc'), join(paths.run, 'held-wc')];
    holdLock(lock);
    try {
      const run = await rotate(fleet, async (interrupt, exited, output) => {
        // The first attempt failed: the run waits 2 s before the next (taking the lock in between would race with it).
        await until(
          () => output().includes("FAILED - RETRYING: [server-1]: Take the host's rotate lock"),
          'the run waiting for the lock',
          exited,
          90_000,
        );
        // The first read is over (it came before the lock): the next `wc` is the read after the wait.
        writeFileSync(hold, '');
        rmSync(lock, { recursive: true, force: true });
        await until(() => existsSync(held), 'the run reading the certificates again', exited);
        assert.equal(readFileSync(join(lock, 'owner'), 'utf8').includes('token=other-run'), false, 'this run holds the lock now');
        interrupt();
        // The held command goes on only once certbook knows: it must not start anything after it.
        await until(() => output().includes('[WARNING]: interrupted (SIGINT)'), 'certbook saying it is interrupted', exited);
        rmSync(hold, { force: true });
      });
      assert.equal(run.code, 99, run.stderr);
      assert.equal(existsSync(lock), false, 'the lock is given back');
      assert.deepEqual(run.report.cleanup?.hosts[NODE]?.released, [`rotate lock ${lock}`]);
      assert.deepEqual(run.report.cleanup?.hosts[NODE]?.held, []);
      assert.deepEqual(
        resultsOf(run.report, 'Read the certificate files').map((r) => r.status),
        ['ok', 'ok'],
        'interrupted in the second read',
      );
      assert.deepEqual(resultsOf(run.report, 'Back up server/tls'), [], 'nothing was changed on the node');
    } finally {
      rmSync(hold, { force: true });
      rmSync(held, { force: true });
      rmSync(lock, { recursive: true, force: true });
    }
  });
});
