/**
 * The one command `find` runs on the host. For each root it runs one `find(1)` whose entries
 * are handed in batches (`-exec … {} +`) to small scripts: matches get one `stat` per batch,
 * the others are only counted (for `examined`). Names travel NUL-terminated, so a newline in
 * a file name cannot split a record.
 *
 * Output, per root `i`: `@R i`, or `@S i reason` when it cannot be searched; per batch of
 * matches `@M n`, then n names each ending in NUL, then `stat` lines (`fields name`), then NUL
 * and `@E`; per batch of non-matches `@N n`. `@T epoch` first gives the host's clock, which
 * `age` is measured against.
 */
import { shellJoin, shellQuote } from '../../connection/shell-quote.js';
import { STAT_FORMAT } from '../host-ops/path-stat.js';
import type { FindArgs } from './find-args.js';

/** The script for `a`, searching `roots` (already normalised, see {@link findRoot}). */
export function findScript(a: FindArgs, roots: readonly string[], patterns: readonly string[], excludes: readonly string[]): string {
  const statFlag = a.follow ? '-L ' : '';
  const matched = `printf '@M %s\\n' "$#"; for f; do printf '%s\\0' "$f"; done; stat ${statFlag}-c '${STAT_FORMAT} %n' -- "$@" 2>/dev/null; printf '\\0@E\\n'`;
  const counted = `printf '@N %s\\n' "$#"`;
  const lines = ['export LC_ALL=C', 'printf "@T %s\\n" "$(date +%s)"'];
  roots.forEach((root, i) => {
    const find = [
      'find', ...(a.follow ? ['-L'] : []), root, '-mindepth', '1', ...maxDepth(a),
      '(', ...matchTests(a, patterns, excludes), '-exec', 'sh', '-c', matched, 'cb', '{}', '+', ')',
      '-o', '-exec', 'sh', '-c', counted, 'cb', '{}', '+',
    ];
    lines.push(
      `r=${shellQuote(root)}`,
      `if [ ! -e "$r" ]; then echo "@S ${i} not found"`,
      `elif [ ! -d "$r" ]; then echo "@S ${i} not a directory"`,
      `elif [ ! -r "$r" ] || [ ! -x "$r" ]; then echo "@S ${i} permission denied"`,
      `else echo "@R ${i}"; ${shellJoin(find)}; fi`,
    );
  });
  return lines.join('\n');
}

/** `-maxdepth`: 1 without `recurse`, `depth` with it, nothing for "all the way down". */
function maxDepth(a: FindArgs): string[] {
  if (!a.recurse) return ['-maxdepth', '1'];
  return a.depth !== undefined ? ['-maxdepth', String(a.depth)] : [];
}

/** The tests find itself can apply: kind, hidden names, and glob patterns. */
function matchTests(a: FindArgs, patterns: readonly string[], excludes: readonly string[]): string[] {
  const tests: string[] = [];
  const kind = { file: 'f', directory: 'd', link: 'l', any: '' }[a.file_type];
  if (kind) tests.push('-type', kind);
  if (!a.hidden) tests.push('!', '-name', '.*');
  if (a.use_regex) return tests; // regular expressions are matched on the controller
  if (!patterns.includes('*')) {
    tests.push('(', ...patterns.flatMap((p, i) => (i ? ['-o', '-name', p] : ['-name', p])), ')');
  }
  for (const e of excludes) tests.push('!', '-name', e);
  return tests;
}

/**
 * A root as `find` must be given it: a relative path starting with `-`, `!` or `(` would be
 * read as part of the expression, so it gets a `./` prefix (removed again from the results).
 */
export function findRoot(path: string): string {
  return /^[-!(]/.test(path) ? `./${path}` : path;
}
