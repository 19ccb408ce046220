/**
 * The run's output files through the command line: each written on its own (one failing never
 * stops the others), every path checked before the run, and special files (devices, FIFOs,
 * /dev/stdout) written into, never replaced. Device nodes are made in a temp dir (the tests run
 * as root), never the real /dev: `fullish` is /dev/full's c 1 7, `nullish` /dev/null's c 1 3.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runCli } from '../cli/run-cli.js';
import { tempDir } from '../harness/temp-dir.js';

type Key = 'report' | 'events' | 'junit' | 'metrics';
const KEYS: Key[] = ['report', 'events', 'junit', 'metrics'];
const NAMES: Record<Key, string> = { report: 'r.json', events: 'e.jsonl', junit: 'j.xml', metrics: 'm.prom' };

/** A directory with a one-host local playbook (that fails when `failing`), and its device nodes. */
function workDir(failing = false): string {
  const dir = tempDir('certbook-outputs-');
  writeFileSync(join(dir, 'inv.yaml'), 'web:\n  hosts:\n    w1: {ansible_connection: local}\n');
  writeFileSync(
    join(dir, 'pb.yml'),
    `- hosts: web\n  gather_facts: false\n  tasks:\n    - command: touch ${join(dir, 'ran')}\n${failing ? '    - command: "false"\n' : ''}`,
  );
  for (const [name, minor] of [
    ['fullish', 7],
    ['nullish', 3],
  ] as const) {
    const made = spawnSync('mknod', [join(dir, name), 'c', '1', String(minor)]);
    assert.equal(made.status, 0, String(made.stderr));
  }
  return dir;
}

function flags(paths: Partial<Record<Key, string>>): string[] {
  return Object.entries(paths).flatMap(([k, p]) => [`--${k}`, p]);
}

function run(dir: string, paths: Partial<Record<Key, string>>) {
  return runCli(['run', 'pb.yml', '-i', 'inv.yaml', ...flags(paths)], { cwd: dir, env: {} });
}

function assertWritten(dir: string, key: Key): void {
  const text = readFileSync(join(dir, NAMES[key]), 'utf8');
  const expected: Record<Key, RegExp> = {
    report: /"reportVersion"/,
    events: /"kind":"run_end"/,
    junit: /<testsuites /,
    metrics: /^certbook_run_exit_code\{playbook="pb"\} \d+$/m,
  };
  assert.match(text, expected[key], `--${key} written`);
}

for (const failing of KEYS) {
  for (const hostsFail of [false, true]) {
    test(`--${failing} onto a full device fails alone: the other outputs are written, the device stays, exit ${hostsFail ? 2 : 1}`, async () => {
      const dir = workDir(hostsFail);
      const paths = Object.fromEntries(KEYS.map((k) => [k, k === failing ? 'fullish' : NAMES[k]]));
      const result = await run(dir, paths);
      assert.equal(result.code, hostsFail ? EXIT.HOSTS_FAILED : EXIT.ERROR, result.stderr);
      assert.ok(
        result.stderr.includes(`could not write --${failing} ${join(dir, 'fullish')}: no space left on device (ENOSPC)`),
        result.stderr,
      );
      for (const k of KEYS.filter((k) => k !== failing)) assertWritten(dir, k);
      assert.ok(lstatSync(join(dir, 'fullish')).isCharacterDevice(), 'the device node is still a device');
      assert.equal(lstatSync(join(dir, 'fullish')).rdev, statSync('/dev/full').rdev);
    });
  }
}

test('every output onto a null device: written into, the node stays a character device, exit 0', async () => {
  const dir = workDir();
  const result = await run(dir, Object.fromEntries(KEYS.map((k) => [k, 'nullish'])));
  assert.equal(result.code, EXIT.OK, result.stderr);
  assert.equal(result.stderr, '');
  assert.ok(lstatSync(join(dir, 'nullish')).isCharacterDevice());
});

test("/dev/stdout receives the report and the events in the run's own output", async () => {
  const dir = workDir();
  const result = await runCli(
    ['run', 'pb.yml', '-i', 'inv.yaml', '--renderer', 'json', '--report', '/dev/stdout', '--events', '/dev/stderr'],
    { cwd: dir, env: {} },
  );
  assert.equal(result.code, EXIT.OK, result.stderr);
  const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{\n  "reportVersion"'))) as { exitCode: number };
  assert.equal(report.exitCode, 0);
  assert.match(result.stderr, /^\{"kind":"run_end".*\}$/m);
});

/** Runs certbook with one output on a FIFO that `cat` reads; returns what cat got. */
async function throughFifo(key: Key): Promise<{ code: number; received: string; dir: string }> {
  const dir = workDir();
  const fifo = join(dir, 'fifo');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
  let received = '';
  reader.stdout.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
  const closed = new Promise((done) => reader.on('close', done));
  const result = await run(dir, { [key]: 'fifo' });
  await closed;
  assert.ok(lstatSync(fifo).isFIFO(), 'the FIFO is still a FIFO');
  assert.equal(result.code, EXIT.OK, result.stderr);
  return { code: result.code, received, dir };
}

test('--report onto a FIFO: its reader gets the report, the FIFO stays', async () => {
  const { received } = await throughFifo('report');
  assert.equal((JSON.parse(received) as { exitCode: number }).exitCode, 0);
});

test('--events onto a FIFO: its reader gets every event line as the run goes', async () => {
  const { received } = await throughFifo('events');
  const kinds = received
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { kind: string }).kind);
  assert.equal(kinds[0], 'run_start');
  assert.equal(kinds.at(-1), 'run_end');
});

test('paths that can never be written are refused before anything runs (exit 5), each named with its reason', async () => {
  const dir = workDir();
  mkdirSync(join(dir, 'adir'));
  writeFileSync(join(dir, 'victim'), 'VICTIM\n', { mode: 0o644 });
  symlinkSync(join(dir, 'victim'), join(dir, 'link.json'));
  const socket = join(dir, 'sock');
  const server = createServer().listen(socket);
  await new Promise((done) => server.on('listening', done));
  try {
    const cases: Array<[Partial<Record<Key, string>>, string, RegExp]> = [
      [{ report: '' }, '--report', /empty path/],
      [{ report: 'adir' }, '--report', /adir cannot be written: it is a directory/],
      [{ junit: 'missing/j.xml' }, '--junit', /its directory \S+missing does not exist/],
      [{ metrics: 'inv.yaml/m.prom' }, '--metrics', /not a directory \(ENOTDIR\)/],
      [{ events: 'link.json' }, '--events', /link\.json cannot be written: it is a symbolic link/],
      [{ report: 'link.json' }, '--report', /it is a symbolic link/],
      [{ report: 'sock' }, '--report', /it is a socket/],
      [{ report: 'same', junit: './same' }, '--junit', /is the same file as --report same/],
      [{ events: '/dev/fd/999' }, '--events', /EBADF|ENOENT/],
    ];
    for (const [paths, flag, reason] of cases) {
      const result = await run(dir, paths);
      assert.equal(result.code, EXIT.BAD_OPTIONS, `${JSON.stringify(paths)}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`error\\[BAD_OPTION\\]: ${flag} `));
      assert.match(result.stderr, reason);
      assert.equal(result.stdout, '', 'nothing ran');
      assert.equal(existsSync(join(dir, 'ran')), false, 'no task ran');
    }
    assert.ok(lstatSync(join(dir, 'link.json')).isSymbolicLink(), 'the link is left as it was');
    assert.equal(readFileSync(join(dir, 'victim'), 'utf8'), 'VICTIM\n');
    assert.equal(existsSync(join(dir, 'same')), false);
  } finally {
    server.close();
  }
});
