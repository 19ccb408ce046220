/**
 * File operations done with shell commands, for when SFTP cannot do them: under become (SFTP
 * runs as the login user), and to read many small files in one round trip (all of a k3s
 * node's certificates at once). Needs only POSIX sh, `wc`, `cat`, `base64` (the per-file read), `cp`, `mv`, `chmod`.
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { NOT_REGULAR_MESSAGE, RemoteFileError } from './errors.js';
import type { ExecOptions, ExecResult, ReadFileOptions, ReadFilesEntry, RemoteFileCode, WriteFileOptions } from './host.js';
import { shellQuote } from './shell-quote.js';
import { batchedReadScript, canBatch, parseBatchedRead, stdoutBytesOf } from './shell-read-files.js';

/** Runs one command (a `Host.exec`). */
export type Exec = (command: string, options?: ExecOptions) => Promise<ExecResult>;

const HEADER = '@@certbook'; // '@' is not in the base64 alphabet, so headers cannot collide with data

/** The script that prints every file framed as `@@certbook <i> <status>` + base64 lines. */
export function readFilesScript(paths: readonly string[], maxBytes: number): string {
  const fn = [
    'f() {',
    `  if [ -d "$2" ]; then echo "${HEADER} $1 EISDIR"`,
    // A file in a directory we may not search looks absent; name the real cause (parent only).
    `  elif [ ! -e "$2" ]; then if [ -d "\${2%/*}/" ] && [ ! -x "\${2%/*}/" ]; then echo "${HEADER} $1 EACCES"; else echo "${HEADER} $1 ENOENT"; fi`,
    `  elif [ ! -f "$2" ]; then echo "${HEADER} $1 ENOTREG"`,
    `  elif [ ! -r "$2" ]; then echo "${HEADER} $1 EACCES"`,
    `  elif ! s=$(wc -c < "$2" 2>/dev/null); then echo "${HEADER} $1 EACCES"`,
    `  elif [ "$((s))" -gt ${Math.floor(maxBytes)} ]; then echo "${HEADER} $1 TOO_LARGE $((s))"`,
    `  else echo "${HEADER} $1 OK"; base64 < "$2" || echo "${HEADER} $1 EIO"`,
    '  fi',
    '}',
  ].join('\n');
  const calls = paths.map((p, i) => `f ${i} ${shellQuote(p)}`);
  return [fn, ...calls, `echo "${HEADER} end"`].join('\n');
}

/** Decodes the output of {@link readFilesScript}. */
export function parseReadFiles(paths: readonly string[], stdout: string, maxBytes: number): ReadFilesEntry[] {
  const status = new Map<number, { code: string; extra: string; lines: string[] }>();
  let current: { code: string; extra: string; lines: string[] } | undefined;
  let complete = false;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(`${HEADER} `)) {
      const [, idx, code = '', extra = ''] = line.split(' ');
      if (idx === 'end') {
        complete = true;
        break;
      }
      current = { code, extra, lines: [] };
      status.set(Number(idx), current); // a later EIO header for the same file replaces OK
    } else if (current && line) {
      current.lines.push(line);
    }
  }
  // Output cut short: the file being printed when it stopped is incomplete.
  if (!complete && current) current.code = 'EIO';
  return paths.map((path, i) => toEntry(path, status.get(i), maxBytes));
}

function toEntry(path: string, s: { code: string; extra: string; lines: string[] } | undefined, maxBytes: number): ReadFilesEntry {
  if (!s) return { path, ok: false, code: 'EIO', message: 'no answer for this file (output cut short)' };
  if (s.code === 'OK') {
    const data = Buffer.from(s.lines.join(''), 'base64');
    if (data.length > maxBytes) return fail(path, 'TOO_LARGE', `file is more than the limit of ${maxBytes} bytes`);
    return { path, ok: true, data };
  }
  const messages: Record<string, [RemoteFileCode, string]> = {
    ENOENT: ['ENOENT', 'no such file or directory'],
    EACCES: ['EACCES', 'permission denied'],
    EISDIR: ['EISDIR', 'is a directory'],
    ENOTREG: ['EIO', NOT_REGULAR_MESSAGE],
    TOO_LARGE: ['TOO_LARGE', `file is ${s.extra} bytes, more than the limit of ${maxBytes} bytes`],
  };
  const [code, message] = messages[s.code] ?? ['EIO', 'could not be read'];
  return fail(path, code, message);
}

function fail(path: string, code: RemoteFileCode, message: string): ReadFilesEntry {
  return { path, ok: false, code, message };
}

/**
 * Reads many files with one command (see `shell-read-files.ts`: a fixed handful of processes on
 * the host); when that answer cannot be trusted, once more with a command that reads file by
 * file. Throws `BecomeError` when become fails.
 */
export async function readFilesViaShell(exec: Exec, paths: readonly string[], options: ReadFileOptions): Promise<ReadFilesEntry[]> {
  if (!paths.length) return [];
  if (canBatch(paths)) {
    // The bytes as they are, plus a header line per file and a few more.
    const r = await runReadScript(exec, batchedReadScript(paths, options.maxBytes), (options.maxBytes + 200) * paths.length, options, true);
    const entries = parseBatchedRead(paths, stdoutBytesOf(r), options.maxBytes);
    if (entries !== 'fallback') return entries;
  }
  const perFile = Math.ceil((options.maxBytes * 4) / 3) + Math.ceil(options.maxBytes / 57) + 200; // base64, 76 a line
  const r = await runReadScript(exec, readFilesScript(paths, options.maxBytes), perFile * paths.length, options, false);
  return parseReadFiles(paths, r.stdout, options.maxBytes);
}

async function runReadScript(exec: Exec, script: string, bytes: number, options: ReadFileOptions, rawStdout: boolean): Promise<ExecResult> {
  const r = await exec(script, {
    ...(options.become ? { become: options.become } : {}),
    ...(rawStdout ? { rawStdout } : {}),
    maxOutputBytes: Math.min(bytes + 4096, 1024 * 1024 * 1024),
  });
  if (r.becomeError) throw r.becomeError;
  return r;
}

/** Reads one file with a command (the become path of `Host.readFile`). */
export async function readFileViaShell(exec: Exec, path: string, options: ReadFileOptions): Promise<Buffer> {
  const [entry] = await readFilesViaShell(exec, [path], options);
  if (!entry) throw new RemoteFileError('EIO', path, 'no answer');
  if (!entry.ok) throw new RemoteFileError(entry.code, path, entry.message);
  return entry.data;
}

/** The script that writes stdin to a temporary file beside `path`, then renames it. */
export function writeFileScript(path: string, mode: number | undefined): string {
  const tmp = posix.join(posix.dirname(path), `.${posix.basename(path)}.certbook-${randomBytes(6).toString('hex')}.tmp`);
  const chmod = mode === undefined ? '' : `chmod ${(mode & 0o7777).toString(8)} "$t"`;
  return [
    'set -e',
    `p=${shellQuote(path)}; t=${shellQuote(tmp)}`,
    `trap 'rm -f -- "$t"' EXIT`,
    // cp -p carries the old file's mode (and, as root, its owner) over to the replacement. With
    // a mode asked for, the file stays private until the data is in and that mode is set: the
    // data may be a key.
    mode === undefined
      ? `if [ -e "$p" ]; then cp -p -- "$p" "$t"; else (umask 077; set -C; : > "$t"); chmod 644 "$t"; fi`
      : `if [ -e "$p" ]; then cp -p -- "$p" "$t"; chmod 600 "$t"; else (umask 077; set -C; : > "$t"); fi`,
    'cat >| "$t"',
    chmod,
    'mv -f -- "$t" "$p"',
    'trap - EXIT',
  ]
    .filter(Boolean)
    .join('\n');
}

/** Writes a file atomically with a command (the become path of `Host.writeFile`). */
export async function writeFileViaShell(exec: Exec, path: string, data: Buffer, options: WriteFileOptions): Promise<void> {
  const r = await exec(writeFileScript(path, options.mode), {
    stdin: data,
    maxOutputBytes: 64 * 1024,
    ...(options.become ? { become: options.become } : {}),
  });
  if (r.becomeError) throw r.becomeError;
  if (r.rc === 0) return;
  const code: RemoteFileCode = /no such file/i.test(r.stderr) ? 'ENOENT' : /permission denied|read-only/i.test(r.stderr) ? 'EACCES' : 'EIO';
  throw new RemoteFileError(code, path, r.stderr.trim().split('\n').pop() || `write failed (rc ${r.rc})`);
}
