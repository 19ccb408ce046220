/**
 * `certbook demo` interrupted: by SIGHUP with its terminal gone (stdout and stderr closed, as
 * when the window or the SSH session closes) while rotate runs, and by SIGTERM while the first
 * check runs. Either way it exits 99 and leaves nothing behind: no simulated k3s process (nor
 * any other process naming its directories) and no temporary directory. The child gets its own
 * TMPDIR, so what it leaves is told apart from what other tests on the machine make.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../harness/temp-dir.js';
import { alive, until } from '../reliability/fault-tools.js';

const root = join(import.meta.dirname, '..', '..');

/** Pids of the processes whose command line names `dir` (the demo's node processes do). */
function processesNaming(dir: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir) && alive(Number(p)) ? [Number(p)] : [];
      } catch {
        return [];
      }
    });
}

for (const [signal, moment, closeTerminal] of [
  ['SIGHUP', '2/3  certbook run rotate', true],
  ['SIGTERM', '1/3  certbook run check-expiry', false],
] as const) {
  test(`certbook demo: ${signal} at "${moment}"${closeTerminal ? ' with the terminal gone' : ''} leaves no process and no temporary directory`, async () => {
    const tmp = tempDir('certbook-demo-tmp-');
    const child = spawn(process.execPath, [join(root, 'bin', 'certbook.js'), 'demo'], {
      env: { ...process.env, CI: 'true', TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await until(() => stdout.includes(moment), `the demo reaching "${moment}"`, exited, 180_000);
      const nodes = processesNaming(tmp);
      assert.ok(nodes.length >= 3, `the three simulated nodes run (${nodes.length} processes name ${tmp})`);
      child.kill(signal);
      if (closeTerminal) {
        child.stdout.destroy();
        child.stderr.destroy();
      }
      assert.equal(await exited, 99);
      assert.deepEqual(processesNaming(tmp), [], 'no process left');
      // tsx-<uid> is tsx's compile cache, kept between runs by design (in /tmp as a rule).
      assert.deepEqual(
        readdirSync(tmp).filter((name) => !/^tsx-\d+$/.test(name)),
        [],
        'no temporary directory left',
      );
    } finally {
      child.kill('SIGKILL');
      for (const pid of processesNaming(tmp))
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
    }
  });
}
