/**
 * Ctrl-C during a run: the running task finishes, nothing new starts, the recap is printed,
 * the report is written, and the exit code is 99. Runs the real launcher in a child process.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const playbook = join(root, 'test', 'fixtures', 'cli-run', 'slow.yaml');

/** Resolves once `predicate` holds, checking every 20 ms, or rejects after `ms`. */
async function until(predicate: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('SIGINT lets the running task finish, starts nothing new, prints the recap, writes the report, exits 99', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certbook-interrupt-'));
  try {
    writeFileSync(join(dir, 'inv.yaml'), 'all:\n  hosts:\n    a: {ansible_connection: local}\n    b: {ansible_connection: local}\n');
    const events = join(dir, 'events.jsonl');
    const report = join(dir, 'report.json');
    const child = spawn(process.execPath, [join(root, 'bin', 'certbook.js'), 'run', playbook, '-i', join(dir, 'inv.yaml'), '--events', events, '--report', report], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await until(() => existsSync(events) && readFileSync(events, 'utf8').includes('"slow task"'), 20_000);
    child.kill('SIGINT');
    const code = await exited;
    assert.equal(code, 99, stdout);
    assert.match(stdout, /PLAY RECAP/);
    assert.match(stdout, /^a +: ok=1 +changed=1 /m, 'the running task finished');
    assert.doesNotMatch(stdout, /never started/);
    const written = JSON.parse(readFileSync(report, 'utf8')) as { interrupted: boolean; exitCode: number };
    assert.equal(written.interrupted, true);
    assert.equal(written.exitCode, 99);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
