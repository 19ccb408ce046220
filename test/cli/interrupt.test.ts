/**
 * Ctrl-C during a run: the running task finishes, nothing new starts, the recap is printed,
 * the report is written, and the exit code is 99; SIGHUP the same; the `always:` cleanup and
 * an interrupt that skips it. Runs the real launcher in a child process.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';

const root = join(import.meta.dirname, '..', '..');
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
formats.default(ajv);
const validateReport = ajv.compile(JSON.parse(readFileSync(join(root, 'schemas', 'report.schema.json'), 'utf8')) as object);
const playbook = join(root, 'test', 'fixtures', 'cli-run', 'slow.yaml');

/** Resolves once `predicate` holds, checking every 20 ms, or rejects after `ms` (generous: a CLI child starting under a loaded CI machine can take tens of seconds). */
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
    const child = spawn(
      process.execPath,
      [join(root, 'bin', 'certbook.js'), 'run', playbook, '-i', join(dir, 'inv.yaml'), '--events', events, '--report', report],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await until(() => existsSync(events) && readFileSync(events, 'utf8').includes('"slow task"'), 90_000);
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

/** Runs a playbook in a child process; `during` interrupts it; returns what it left. */
async function interrupted(
  play: string,
  during: (child: ChildProcess, out: { stdout: string; stderr: string }, events: string) => Promise<void>,
): Promise<{
  code: number | null;
  stdout: string;
  stderr: string;
  report: Record<string, unknown> & {
    cleanup?: { ended: string; hosts: Record<string, { status: string; held: string[]; released: string[] }> };
  };
}> {
  const dir = mkdtempSync(join(tmpdir(), 'certbook-interrupt-'));
  try {
    writeFileSync(join(dir, 'inv.yaml'), 'all:\n  hosts:\n    a: {ansible_connection: local}\n');
    writeFileSync(join(dir, 'pb.yaml'), play);
    const events = join(dir, 'events.jsonl');
    const report = join(dir, 'report.json');
    const child = spawn(
      process.execPath,
      [join(root, 'bin', 'certbook.js'), 'run', join(dir, 'pb.yaml'), '-i', join(dir, 'inv.yaml'), '--events', events, '--report', report],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await during(child, out, events);
    } finally {
      setTimeout(() => child.kill('SIGKILL'), 60_000).unref();
    }
    const code = await exited;
    return { code, ...out, report: JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown> };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CLEANUP_PLAY = [
  '- hosts: all',
  '  gather_facts: false',
  '  tasks:',
  '    - {name: hold, set_fact: {certbook_holds: [the thing]}}',
  '    - name: work',
  '      block:',
  '        - {name: in flight, shell: "sleep 0.5"}',
  '      always:',
  '        - {name: slow cleanup, shell: "sleep {{ cleanup_seconds | default(0) }}"}',
  '        - {name: give back, set_fact: {certbook_holds: []}}',
  '',
].join('\n');

/** True once the events file has the task_start of `name`. */
const started = (events: string, name: string) => () =>
  existsSync(events) &&
  readFileSync(events, 'utf8')
    .split('\n')
    .some((l) => l.includes('"task_start"') && l.includes(`"name":${JSON.stringify(name)}`));

test('SIGHUP interrupts a run like SIGINT: the always: cleanup runs, says what it released, exit 99; a second SIGHUP is ignored', async () => {
  const run = await interrupted(CLEANUP_PLAY, async (child, out, events) => {
    await until(started(events, 'in flight'), 90_000);
    child.kill('SIGHUP');
    await until(() => out.stderr.includes('[WARNING]: interrupted (SIGHUP)'), 90_000);
    child.kill('SIGHUP');
    await until(() => out.stderr.includes('[WARNING]: SIGHUP ignored: already interrupted'), 90_000);
  });
  assert.equal(run.code, 99, run.stderr);
  assert.doesNotMatch(run.stderr, /stopping running tasks/);
  assert.equal(run.report.cleanup?.ended, 'done');
  assert.deepEqual(run.report.cleanup?.hosts.a, { status: 'cleaned', tasks: 2, problems: [], released: ['the thing'], held: [] });
  assert.match(run.stdout, /CLEANUP AFTER THE INTERRUPT \(done, [\d.]+ s\) \*+\na +: cleaned up \(2 tasks\); released: the thing\n/);
  assert.ok(validateReport(run.report), ajv.errorsText(validateReport.errors));
});

test('an interrupt during the cleanup skips it: its command is stopped, what is still held is named, exit 99', async () => {
  const run = await interrupted(CLEANUP_PLAY.replace('default(0)', 'default(300)'), async (child, out, events) => {
    await until(started(events, 'in flight'), 90_000);
    child.kill('SIGINT');
    await until(started(events, 'slow cleanup'), 90_000);
    child.kill('SIGTERM');
    await until(() => out.stderr.includes('[WARNING]: skipping the cleanup'), 90_000);
  });
  assert.equal(run.code, 99, run.stderr);
  assert.equal(run.report.cleanup?.ended, 'skipped');
  assert.equal(run.report.cleanup?.hosts.a?.status, 'incomplete');
  assert.deepEqual(run.report.cleanup?.hosts.a?.held, ['the thing']);
  assert.match(
    run.stdout,
    /CLEANUP AFTER THE INTERRUPT \(skipped by a further interrupt, [\d.]+ s\) \*+\na +: CLEANUP INCOMPLETE; STILL HELD: the thing\n/,
  );
  assert.ok(
    validateReport(run.report),
    `the report with its cleanup validates against schemas/report.schema.json: ${ajv.errorsText(validateReport.errors)}`,
  );
});
