/**
 * What `copy` reads in its first exec: the final destination (inside `dest` when that is a
 * directory), its metadata and SHA-1, whether its directory exists, the ids of `owner`/`group`,
 * and with `remote_src` the source's metadata and SHA-1. In diff mode the old contents (and a
 * remote source's) come along, base64, when they are small.
 */
import { posix } from 'node:path';
import { shellQuote } from '../../connection/shell-quote.js';
import type { CopyArgs } from '../copy.js';
import { ID_FUNCTIONS, idLookups, parseIdLine } from '../host-ops/owner-ids.js';
import { parseStatAnswer, STAT_FUNCTION, type StatAnswer } from '../host-ops/path-stat.js';
import { CHECKSUM_FUNCTION } from '../stat-run.js';

/** Old contents larger than this are not shown in a diff. */
export const DIFF_LIMIT = 64 * 1024;

/** What the first exec found. */
export interface CopyState {
  /** The file that will be written. */
  path: string;
  /** True when `dest` was a directory and `path` is inside it. */
  intoDir: boolean;
  parentExists: boolean;
  dest: StatAnswer;
  destSha1?: string;
  src?: StatAnswer;
  srcSha1?: string;
  uid?: number;
  gid?: number;
  oldContent?: Buffer;
  srcContent?: Buffer;
}

/** The reading script. */
export function copyStateScript(a: CopyArgs, diff: boolean): string {
  const inner = a.src !== undefined ? posix.join(a.dest, posix.basename(a.src)) : undefined;
  const lines = ['export LC_ALL=C', STAT_FUNCTION, ID_FUNCTIONS, CHECKSUM_FUNCTION, `d=${shellQuote(a.dest)}`];
  if (inner !== undefined) lines.push(`if [ -d "$d" ]; then echo @DIR; d=${shellQuote(inner)}; fi`);
  lines.push(
    'cb_stat -L "$d" | sed "s/^/D:/"',
    'case $d in */*) cb_p=${d%/*}; cb_p=${cb_p:-/} ;; *) cb_p=. ;; esac',
    '[ -d "$cb_p" ] && echo @PARENT',
    'if [ -f "$d" ] && [ -r "$d" ]; then printf "DC %s\\n" "$(cb_sum sha1 < "$d")"; fi',
    ...idLookups(a.owner, a.group),
  );
  if (a.remote_src && a.src !== undefined) {
    lines.push(
      `s=${shellQuote(a.src)}`,
      'cb_stat -L "$s" | sed "s/^/R:/"',
      'if [ -f "$s" ] && [ -r "$s" ]; then printf "RC %s\\n" "$(cb_sum sha1 < "$s")"; fi',
    );
  }
  if (diff) {
    lines.push(`cb_small() { [ -f "$1" ] && [ -r "$1" ] && [ "$(wc -c < "$1")" -le ${DIFF_LIMIT} ]; }`);
    lines.push('if cb_small "$d"; then echo @OLD; base64 < "$d"; fi');
    if (a.remote_src) lines.push('if cb_small "$s"; then echo @SRC; base64 < "$s"; fi');
  }
  return lines.join('\n');
}

/** Parses the reading script's output. */
export function parseCopyState(a: CopyArgs, stdout: string): CopyState {
  const lines = stdout.split('\n');
  const intoDir = lines[0] === '@DIR';
  const line = (prefix: string): string | undefined => lines.find((l) => l.startsWith(prefix));
  const sha = (prefix: string): string | undefined => line(prefix)?.slice(prefix.length).trim() || undefined;
  const state: CopyState = {
    path: intoDir && a.src !== undefined ? posix.join(a.dest, posix.basename(a.src)) : a.dest,
    intoDir,
    parentExists: lines.includes('@PARENT'),
    dest: parseStatAnswer(line('D:')?.slice(2)),
  };
  const destSha1 = sha('DC ');
  if (destSha1) state.destSha1 = destSha1;
  if (a.remote_src) state.src = parseStatAnswer(line('R:')?.slice(2));
  const srcSha1 = sha('RC ');
  if (srcSha1) state.srcSha1 = srcSha1;
  const uid = parseIdLine(line('U '));
  const gid = parseIdLine(line('G '));
  if (uid !== undefined) state.uid = uid;
  if (gid !== undefined) state.gid = gid;
  const old = section(lines, '@OLD');
  if (old) state.oldContent = old;
  const src = section(lines, '@SRC');
  if (src) state.srcContent = src;
  return state;
}

/** The base64 lines after `marker`, up to the next `@` line, decoded. */
function section(lines: string[], marker: string): Buffer | undefined {
  const at = lines.indexOf(marker);
  if (at < 0) return undefined;
  const body: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (l.startsWith('@')) break;
    body.push(l);
  }
  return Buffer.from(body.join(''), 'base64');
}
