import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ExecResult } from '../../src/connection/host.js';
import { LocalHost } from '../../src/connection/local.js';
import { type Exec, readFilesViaShell } from '../../src/connection/shell-files.js';
import { batchedReadScript, parseBatchedRead } from '../../src/connection/shell-read-files.js';
import { binaryFiles } from './binary-files.js';

const dir = mkdtempSync(join(tmpdir(), 'certbook-batch-read-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const local = new LocalHost('local');
/** A `LocalHost`'s exec (the real exec session: markers, caps, `rawStdout`, over a child process), recording each script. */
const localExec =
  (scripts: string[]): Exec =>
  (command, options) => {
    scripts.push(command);
    return local.exec(command, options);
  };

/** A real /bin/sh on this machine, recording each script it ran (stdout as bytes when `rawStdout` asks, as a Host does). */
function shellExec(scripts: string[], env: NodeJS.ProcessEnv = process.env): Exec {
  return async (command, options) => {
    scripts.push(command);
    return execResultOf(spawnSync('/bin/sh', ['-c', command], { env }), options?.rawStdout === true);
  };
}

/** A finished child process as `Host.exec` reports it (stdout as bytes when `raw`). */
function execResultOf(r: { status: number | null; stdout: Buffer; stderr: Buffer }, raw: boolean): ExecResult {
  const stdout = raw ? { stdout: '', stdoutBytes: r.stdout } : { stdout: r.stdout.toString('utf8') };
  return { rc: r.status, ...stdout, stderr: r.stderr.toString('utf8'), timedOut: false, truncated: false, durationMs: 0 };
}

/** A directory of shims for `tools`, put first on PATH: each logs its name, then runs the real tool. */
function shimmedPath(tools: string[], extra: Record<string, string> = {}): { env: NodeJS.ProcessEnv; log: string } {
  const bin = mkdtempSync(join(dir, 'bin-'));
  const log = join(bin, 'log');
  for (const tool of tools) {
    const real = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(bin, tool), `#!/bin/sh\necho ${tool} >> '${log}'\n${extra[tool] ?? ''}exec ${real} "$@"\n`, { mode: 0o755 });
  }
  return { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, log };
}

/** The external tools a script runs, logged by shims put first on its PATH. */
function toolsRun(script: string): string[] {
  const { env, log } = shimmedPath(['wc', 'cat', 'base64']);
  const r = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8', env });
  assert.match(r.stdout, /@@certbook end/);
  return readFileSync(log, 'utf8').trim().split('\n').sort();
}

test('the batched read starts the same two tools for 3 files and for 40 (no base64: the bytes go as they are)', () => {
  const paths = (n: number) =>
    Array.from({ length: n }, (_, i) => {
      const p = join(dir, `n${n}-${i}.crt`);
      writeFileSync(p, `cert ${i}\n`);
      return p;
    });
  for (const n of [3, 40]) {
    assert.deepEqual(toolsRun(batchedReadScript(paths(n), 1000)), ['cat', 'wc']);
  }
});

test('odd names, empty, large, missing, directory: one command, right bytes and codes, order kept', async () => {
  const odd = [
    join(dir, 'with space.crt'),
    join(dir, 'quote\'and"dq.crt'),
    join(dir, '-dash.crt'),
    join(dir, 'star*.crt'),
    join(dir, 'dollar$HOME.crt'),
  ];
  for (const [i, p] of odd.entries()) writeFileSync(p, Buffer.from([i, 0, 255, 10, 64, 64]));
  writeFileSync(join(dir, 'empty'), '');
  writeFileSync(join(dir, 'big'), Buffer.alloc(5000, 1));
  mkdirSync(join(dir, 'sub'));
  const asked = [...odd, join(dir, 'empty'), join(dir, 'big'), join(dir, 'missing'), join(dir, 'sub'), odd[0]!];
  const scripts: string[] = [];
  const got = await readFilesViaShell(shellExec(scripts), asked, { maxBytes: 4096 });
  assert.equal(scripts.length, 1);
  assert.deepEqual(
    got.map((e) => e.path),
    asked,
  );
  for (const [i, p] of odd.entries()) assert.ok(got[i]!.ok && got[i]!.data.equals(readFileSync(p)), p);
  assert.deepEqual(
    got.slice(5).map((e) => (e.ok ? `ok:${e.data.length}` : e.code)),
    ['ok:0', 'TOO_LARGE', 'ENOENT', 'EISDIR', 'ok:6'],
  );
});

test('a path with a newline is read file by file, and still right', async () => {
  const p = join(dir, 'new\nline.crt');
  writeFileSync(p, 'newline file');
  const scripts: string[] = [];
  const got = await readFilesViaShell(shellExec(scripts), [p, join(dir, 'empty')], { maxBytes: 100 });
  assert.equal(scripts.length, 1);
  assert.ok(!scripts[0]!.includes(' data"'), 'the per-file script, not the batched one');
  assert.ok(got[0]!.ok && got[0]!.data.toString() === 'newline file');
});

test('sizes that do not add up (a file changed while read) fall back to the per-file read', async () => {
  const p = join(dir, 'proc-like');
  writeFileSync(p, 'twelve bytes');
  const out = (...parts: (string | Buffer)[]) => Buffer.concat(parts.map((x) => (typeof x === 'string' ? Buffer.from(x) : x)));
  const twelve = '@@certbook size 12\n@@certbook data\ntwelve bytes';
  assert.ok(parseBatchedRead([p], out(twelve, '@@certbook end\n'), 100) !== 'fallback', 'exact: read');
  assert.equal(parseBatchedRead([p], out('@@certbook size 5\n@@certbook data\ntwelve bytes@@certbook end\n'), 100), 'fallback', 'grew');
  assert.equal(parseBatchedRead([p], out('@@certbook size 14\n@@certbook data\ntwelve bytes@@certbook end\n'), 100), 'fallback', 'shrank');
  assert.equal(parseBatchedRead([p], out(twelve), 100), 'fallback', 'cut short');
  assert.equal(parseBatchedRead([p], out(twelve, '@@certbook end\nmore'), 100), 'fallback', 'more after the end');
  assert.equal(parseBatchedRead([p], out('@@certbook size 12\n'), 100), 'fallback', 'no data');
  assert.equal(parseBatchedRead([p], out('@@certbook fallback\n'), 100), 'fallback');
  // /proc files report size 0 to stat: the batched answer is refused and the per-file read gets the text.
  const scripts: string[] = [];
  const got = await readFilesViaShell(shellExec(scripts), ['/proc/self/status'], { maxBytes: 1 << 20 });
  assert.equal(scripts.length, 2);
  assert.ok(got[0]!.ok && got[0]!.data.toString().includes('Pid:'));
});

test('a file that grows between wc and cat: the batched answer is refused and the per-file read gets the new bytes', async () => {
  const a = join(dir, 'grows.crt');
  const b = join(dir, 'stays.crt');
  writeFileSync(a, 'first');
  writeFileSync(b, 'second');
  // wc runs, then (before cat) the first file named after `--` gets one more byte.
  const wc = spawnSync('sh', ['-c', 'command -v wc'], { encoding: 'utf8' }).stdout.trim();
  const { env } = shimmedPath(['wc'], { wc: `${wc} "$@"; s=$?; printf + >> "$3"; exit $s\n` });
  const scripts: string[] = [];
  const got = await readFilesViaShell(shellExec(scripts, env), [a, b], { maxBytes: 100 });
  assert.equal(scripts.length, 2, 'batched, then file by file');
  assert.deepEqual(
    got.map((e) => (e.ok ? e.data.toString() : e.code)),
    ['first+', 'second'],
  );
});

test('binary files come back byte for byte: DER, NUL, invalid UTF-8, CRLF, our own header lines inside the data', async () => {
  const files = await binaryFiles(join(dir, 'binary'));
  const paths = Object.keys(files);
  for (const exec of [shellExec, localExec]) {
    const scripts: string[] = [];
    const got = await readFilesViaShell(exec(scripts), paths, { maxBytes: 1 << 16 });
    assert.equal(scripts.length, 1, 'the batched read, trusted');
    for (const [i, p] of paths.entries()) assert.ok(got[i]!.ok && got[i]!.data.equals(files[p]!), p);
  }
});

test('devices, FIFOs and links to them are refused, not read (wc and cat would never return), batched and file by file', async () => {
  const special = mkdtempSync(join(dir, 'special-'));
  spawnSync('mkfifo', [join(special, 'fifo.crt')]);
  symlinkSync('/dev/zero', join(special, 'zero.crt'));
  writeFileSync(join(special, 'good.crt'), 'good');
  writeFileSync(join(special, 'new\nline.crt'), 'odd');
  // A bounded shell: without the refusal the read hangs, and this fails instead (timeout(1)
  // signals its whole process group, so no `wc` is left reading /dev/zero).
  const exec: Exec = async (command, options) => {
    const r = spawnSync('timeout', ['10', '/bin/sh', '-c', command]);
    assert.notEqual(r.status, 124, 'the read script did not finish in 10 s');
    return execResultOf(r, options?.rawStdout === true);
  };
  const names = ['fifo.crt', 'zero.crt', 'good.crt'];
  for (const extra of [[], ['new\nline.crt']]) {
    const got = await readFilesViaShell(
      exec,
      [...names, ...extra].map((n) => join(special, n)),
      { maxBytes: 1 << 20 },
    );
    assert.deepEqual(
      got.map((e) => (e.ok ? e.data.toString() : `${e.code} ${e.message}`)),
      [
        'EIO not a regular file (a device, FIFO or socket): not read',
        'EIO not a regular file (a device, FIFO or socket): not read',
        'good',
        ...(extra.length ? ['odd'] : []),
      ],
    );
  }
});
