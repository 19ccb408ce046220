/**
 * Reading many small files with one command and a fixed handful of processes on the host,
 * whatever their number: shell tests (builtins) sort out missing, unreadable, directory and
 * special (device, FIFO, socket) entries, one `wc -c` sizes the rest, one `cat` sends them all
 * as they are (an exec's stdout is binary-safe with `rawStdout`), and the controller cuts the
 * bytes apart by those sizes. A k3s server's 30 certificate files cost 3 processes instead of 61
 * (a `wc` and a `base64` per file), and no base64 is encoded on the host nor decoded here. When
 * the fast path cannot be trusted (a path with a newline, `wc` failing on a file, data that does
 * not end exactly where the sizes say because a file changed while it was read) the caller falls
 * back to {@link readFilesScript} of `shell-files.ts`, per file.
 */
import { NOT_REGULAR_MESSAGE } from './errors.js';
import type { ExecResult, ReadFilesEntry } from './host.js';
import { shellQuote } from './shell-quote.js';

const H = '@@certbook'; // headers come before the data, or after all of it: never mixed with it
const DATA = Buffer.from(`${H} data\n`);
const END = Buffer.from(`${H} end\n`);

/** True when the batched script can carry these paths (it reads `wc`'s output line by line). */
export function canBatch(paths: readonly string[]): boolean {
  return paths.every((p) => !p.includes('\n') && p.length > 0);
}

/** The script: statuses of unreadable entries, then sizes, then every readable file's bytes back to back, then `end`. */
export function batchedReadScript(paths: readonly string[], maxBytes: number): string {
  return [`set -- ${paths.map(shellQuote).join(' ')}`, batchedReadOfArgumentsScript(maxBytes)].join('\n');
}

/**
 * {@link batchedReadScript} for the files named by the script's positional parameters (`"$@"`),
 * numbered from 0 in their order: for scripts that find the files on the host first (a glob, a
 * `find`) and read them in the same command.
 */
export function batchedReadOfArgumentsScript(maxBytes: number): string {
  const check = [
    'c() {',
    `  if [ -d "$2" ]; then echo "${H} $1 EISDIR"; return 1`,
    // A file in a directory we may not search looks absent; name the real cause (parent only).
    `  elif [ ! -e "$2" ]; then if [ -d "\${2%/*}/" ] && [ ! -x "\${2%/*}/" ]; then echo "${H} $1 EACCES"; else echo "${H} $1 ENOENT"; fi; return 1`,
    // `wc -c` and `cat` would read a FIFO or /dev/zero forever: only regular files go on.
    `  elif [ ! -f "$2" ]; then echo "${H} $1 ENOTREG"; return 1`,
    `  elif [ ! -r "$2" ]; then echo "${H} $1 EACCES"; return 1`,
    '  fi',
    '}',
    // `for f do` walks the list as it was when the loop started; the readable files are appended
    // after it and the original list shifted away.
    'n=$#; i=0',
    'for f do if c $i "$f"; then set -- "$@" "$f"; fi; i=$((i+1)); done',
    'shift $n',
  ];
  const read = [
    `if [ $# -gt 0 ]; then`,
    `  if ! s=$(wc -c -- "$@" 2>/dev/null); then echo "${H} fallback"; exit 0; fi`,
    // Pair wc's lines (count first) with the files, in order; keep those within the limit.
    `  n=$#; m=0; IFS='\n'; set -f`,
    '  for l in $s; do',
    '    [ "$m" -lt "$n" ] || break',
    '    m=$((m+1)); l=${l#"${l%%[! ]*}"}; l=${l%% *}; f=$1; shift',
    `    if [ "$l" -gt ${Math.floor(maxBytes)} ] 2>/dev/null; then echo "${H} big $l"; else echo "${H} size $l"; set -- "$@" "$f"; fi`,
    '  done',
    '  unset IFS; set +f',
    'fi',
    `echo "${H} data"`,
    'if [ $# -gt 0 ]; then cat -- "$@"; fi',
    `echo "${H} end"`,
  ];
  return [...check, ...read].join('\n');
}

/** The raw stdout of an exec run with `rawStdout`; throws for a Host that ignored the option. */
export function stdoutBytesOf(result: ExecResult): Buffer {
  if (!result.stdoutBytes) throw new Error('Host.exec ignored rawStdout: no stdoutBytes in its result');
  return result.stdoutBytes;
}

/**
 * Decodes {@link batchedReadScript}'s output (the exec's `stdoutBytes`); `fallback` when it
 * cannot be trusted.
 */
export function parseBatchedRead(paths: readonly string[], stdout: Buffer, maxBytes: number): ReadFilesEntry[] | 'fallback' {
  // The headers are lines of our own before the data: nothing else writes to stdout before it.
  const at = stdout.subarray(0, DATA.length).equals(DATA) ? 0 : stdout.indexOf(Buffer.concat([Buffer.from('\n'), DATA]));
  if (at < 0) return 'fallback'; // the script said so (`wc` failed), or the output was cut short
  const dataStart = at === 0 ? DATA.length : at + 1 + DATA.length;
  const entries: (ReadFilesEntry | undefined)[] = paths.map(() => undefined);
  const sizes: { big: boolean; size: number }[] = [];
  for (const line of stdout
    .subarray(0, dataStart - DATA.length)
    .toString('utf8')
    .split('\n')) {
    if (!line.startsWith(`${H} `)) continue;
    const [, a = '', b = ''] = line.split(' ');
    if (a === 'size' || a === 'big') sizes.push({ big: a === 'big', size: Number(b) });
    else entries[Number(a)] = failure(paths[Number(a)]!, b);
  }
  const candidates = entries.flatMap((e, i) => (e ? [] : [i]));
  if (sizes.length !== candidates.length || sizes.some((s) => !Number.isSafeInteger(s.size) || s.size < 0)) return 'fallback';
  const wanted = sizes.reduce((sum, s) => sum + (s.big ? 0 : s.size), 0);
  // Exactly the `end` line after the sizes' worth of bytes, or a file changed between wc and cat
  // (grew, shrank, vanished) or the output was cut short.
  if (!stdout.subarray(dataStart + wanted).equals(END)) return 'fallback';
  let offset = dataStart;
  candidates.forEach((index, k) => {
    const { big, size } = sizes[k]!;
    const path = paths[index]!;
    if (big) {
      entries[index] = { path, ok: false, code: 'TOO_LARGE', message: `file is ${size} bytes, more than the limit of ${maxBytes} bytes` };
      return;
    }
    entries[index] = { path, ok: true, data: stdout.subarray(offset, offset + size) };
    offset += size;
  });
  return entries as ReadFilesEntry[];
}

function failure(path: string, code: string): ReadFilesEntry {
  if (code === 'EISDIR') return { path, ok: false, code, message: 'is a directory' };
  if (code === 'EACCES') return { path, ok: false, code, message: 'permission denied' };
  if (code === 'ENOENT') return { path, ok: false, code, message: 'no such file or directory' };
  if (code === 'ENOTREG') return { path, ok: false, code: 'EIO', message: NOT_REGULAR_MESSAGE };
  return { path, ok: false, code: 'EIO', message: 'could not be read' };
}
