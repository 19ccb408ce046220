/**
 * `x509_info paths` with glob patterns in one round trip: the host's shell expands the patterns
 * and reads every match in the same command (the listing first, then `shell-read-files.ts`'s
 * batched read of it). Without this a task with patterns costs two execs (expand, then read),
 * which at fleet scale is one more SSH channel and three more process starts per host.
 *
 * It handles the literal paths, the shell patterns of `remote-globs.ts` (`*`, `?`, simple
 * classes), and the recursive form k3s needs, `<fixed directory>/**\/<one component>`, which
 * `find` answers exactly (hidden directories pruned, a hidden file matched only when the
 * component says so, as `patternRegExp` has it). Any other pattern, a path with a newline, or an
 * answer that cannot be trusted: the caller falls back to the two-step way.
 */
import { DEFAULT_MAX_OUTPUT_BYTES, type ReadFilesEntry } from '../../connection/host.js';
import { shellQuote } from '../../connection/shell-quote.js';
import { batchedReadOfArgumentsScript, parseBatchedRead, stdoutBytesOf } from '../../connection/shell-read-files.js';
import { execOnHost, scriptFailure } from '../host-ops/host-exec.js';
import type { StepContext } from '../step-run.js';
import { filesOfSpecs, globWord, isGlob, isRecursive, recursiveBase } from './remote-globs.js';

const LISTED = Buffer.from('@@certbook listed\n');
const NEWLINE = '@@certbook-newline';

// The one component after `**` that find's -name can take as it is: no quoting, no escapes.
const NAME_PATTERN = /^[A-Za-z0-9._*?[\]!^-]+$/;

/** The part after `**` of a recursive pattern `find -name` can answer, or undefined. */
function recursiveName(pattern: string): string | undefined {
  const parts = pattern.split('/');
  const star = parts.indexOf('**');
  if (star !== parts.length - 2) return undefined; // `**` must be the one-but-last component
  const name = parts[parts.length - 1]!;
  if (!NAME_PATTERN.test(name) || name === '**') return undefined;
  if (parts.slice(0, star).some(isGlob)) return undefined; // the directory before it is fixed
  if (recursiveBase(pattern) !== parts.slice(0, star).join('/')) return undefined;
  return name;
}

/** True when {@link globReadScript} can read `specs` (literal paths and patterns) in one command. */
export function canGlobRead(specs: readonly string[]): boolean {
  return specs.every((s) => s !== '' && !s.includes('\n') && (!isRecursive(s) || recursiveName(s) !== undefined));
}

/**
 * The script: for spec i, `i NUL path NUL` per file it names (literal paths as they are), then a
 * `@@certbook listed` line, then the batched read of those files in the same order.
 */
export function globReadScript(specs: readonly string[], maxBytes: number): string {
  const lines = ['set --', `l() { printf '%s\\0%s\\0' "$1" "$2"; }`];
  specs.forEach((spec, i) => {
    if (!isGlob(spec)) {
      lines.push(`l ${i} ${shellQuote(spec)}; set -- "$@" ${shellQuote(spec)}`);
    } else if (!isRecursive(spec)) {
      lines.push(`for f in ${globWord(spec)}; do if [ -e "$f" ] || [ -L "$f" ]; then l ${i} "$f"; set -- "$@" "$f"; fi; done`);
    } else {
      const name = recursiveName(spec)!;
      const base = shellQuote(recursiveBase(spec));
      // A component starting with a wildcard does not match a leading dot (as the shell's `*`).
      const hidden = /^[*?[]/.test(name) ? ` ! -name '.*'` : '';
      // find answers one path per line, so a path with a newline in it says so instead (and the
      // caller falls back): it would otherwise come out as two paths.
      const find =
        `find ${base} -mindepth 1 \\( -type d -name '.*' -prune \\) -o \\( -path '*\n*' -exec echo ${NEWLINE} \\; \\)` +
        ` -o \\( ! -type d -name '${name}'${hidden} -print \\)`;
      lines.push(
        `if [ -d ${base} ]; then IFS='\n'; set -f; for f in $(${find} 2>/dev/null); do l ${i} "$f"; set -- "$@" "$f"; done; set +f; unset IFS; fi`,
      );
    }
  });
  lines.push(`printf '${LISTED.toString().replace('\n', '\\n')}'`, batchedReadOfArgumentsScript(maxBytes));
  return lines.join('\n');
}

/** What {@link globReadScript} answered: the files each spec named, and what was read of each. */
export interface GlobRead {
  matches: string[][];
  entries: Map<string, ReadFilesEntry>;
}

/** Decodes {@link globReadScript}'s output (the exec's `stdoutBytes`); `fallback` when it cannot be trusted. */
export function parseGlobRead(specs: readonly string[], stdout: Buffer, maxBytes: number): GlobRead | 'fallback' {
  const matches: string[][] = specs.map(() => []);
  const listed: string[] = [];
  let k = 0;
  // `index NUL path NUL` pairs until the `listed` line; the files' bytes come only after it.
  while (!stdout.subarray(k, k + LISTED.length).equals(LISTED)) {
    const indexEnd = stdout.indexOf(0, k);
    const pathEnd = indexEnd < 0 ? -1 : stdout.indexOf(0, indexEnd + 1);
    if (pathEnd < 0) return 'fallback';
    const index = Number(stdout.toString('latin1', k, indexEnd));
    const path = stdout.toString('utf8', indexEnd + 1, pathEnd);
    if (!Number.isInteger(index) || matches[index] === undefined || path === NEWLINE || path.includes('\n')) return 'fallback';
    matches[index]!.push(path);
    listed.push(path);
    k = pathEnd + 1;
  }
  const read = parseBatchedRead(listed, stdout.subarray(k + LISTED.length), maxBytes);
  if (read === 'fallback') return 'fallback';
  specs.forEach((spec, i) => {
    if (isRecursive(spec)) matches[i]!.sort();
  });
  return { matches, entries: new Map(read.map((e) => [e.path, e])) };
}

/**
 * Expands `specs` and reads what they name in one command: the entries in order (each file once)
 * and the patterns that matched nothing; `fallback` when the answer cannot be trusted or was
 * larger than an exec's output limit (the two-step way then reads with exact limits).
 */
export async function readGlobsInOneCommand(
  ctx: StepContext,
  specs: readonly string[],
  maxBytes: number,
): Promise<{ entries: ReadFilesEntry[]; missing: string[] } | { error: string } | 'fallback'> {
  const r = await execOnHost(ctx, globReadScript(specs, maxBytes), { maxOutputBytes: DEFAULT_MAX_OUTPUT_BYTES, rawStdout: true });
  if (r.truncated) return 'fallback';
  const failure = scriptFailure(r, 'reading the certificate files');
  if (failure) return { error: failure };
  const read = parseGlobRead(specs, stdoutBytesOf(r), maxBytes);
  if (read === 'fallback') return 'fallback';
  const { files, missing } = filesOfSpecs(specs, (_, i) => read.matches[i]!);
  return { entries: files.map((f) => read.entries.get(f)!), missing };
}
