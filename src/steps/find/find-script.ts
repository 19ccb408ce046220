/**
 * The one command `find` runs on the host. For each root it runs one `find(1)` that hands every
 * entry, in batches (`-exec … {} +`), to a small script: it keeps the entries whose kind, base
 * name (shell `case` globs, the same syntax as `-name`) and hiddenness match, counts the
 * others (for `examined`), and runs one `stat` for the kept ones. Names travel NUL-terminated,
 * so a newline in a file name cannot split a record.
 *
 * Why not `-type`/`-name` in the find expression with two `-exec +` branches: busybox find
 * drops one of two `{} +` batches in one expression. Patterns reach the script through the
 * environment (`CB_P0`, `CB_E0`, …) and are expanded unquoted inside `case`, which makes them
 * patterns but never runs `$(…)` or backquotes in them.
 *
 * Output, per root `i`: `@R i`, or `@S i reason` when it cannot be searched; per batch
 * `@N n` (entries left out), then `@M n`, n names each ending in NUL, `stat` lines
 * (`fields name`), NUL and `@E`. `@T epoch` first gives the host's clock for `age`.
 */
import { shellJoin, shellQuote } from '../../connection/shell-quote.js';
import type { FindArgs } from '../find.js';
import { STAT_FORMAT } from '../host-ops/path-stat.js';

/** The environment the script needs: the patterns, one variable each. */
export function findEnv(a: FindArgs, patterns: readonly string[], excludes: readonly string[]): Record<string, string> {
  if (a.use_regex) return {};
  const env: Record<string, string> = {};
  patterns.forEach((p, i) => {
    env[`CB_P${i}`] = p;
  });
  excludes.forEach((e, i) => {
    env[`CB_E${i}`] = e;
  });
  return env;
}

/** The script for `a`, searching `roots` (already normalised, see {@link findRoot}). */
export function findScript(a: FindArgs, roots: readonly string[], patterns: readonly string[], excludes: readonly string[]): string {
  const batch = batchScript(a, patterns, excludes);
  const lines = ['export LC_ALL=C', 'printf "@T %s\\n" "$(date +%s)"'];
  roots.forEach((root, i) => {
    const find = ['find', ...(a.follow ? ['-L'] : []), root, '-mindepth', '1', ...maxDepth(a), '-exec', 'sh', '-c', batch, 'cb', '{}', '+'];
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

/** The per-batch script: filter the arguments in place, count, list and stat the kept ones. */
function batchScript(a: FindArgs, patterns: readonly string[], excludes: readonly string[]): string {
  const keep = ['cb_keep() {'];
  if (!a.hidden) keep.push('  case $2 in .*) return 1 ;; esac');
  const kind = kindTest(a);
  if (kind) keep.push(`  ${kind} || return 1`);
  if (!a.use_regex && !patterns.includes('*'))
    keep.push(`  case $2 in ${patterns.map((_, i) => `$CB_P${i}`).join('|')}) ;; *) return 1 ;; esac`);
  if (!a.use_regex && excludes.length) keep.push(`  case $2 in ${excludes.map((_, i) => `$CB_E${i}`).join('|')}) return 1 ;; esac`);
  keep.push('  return 0', '}');
  return [
    ...keep,
    'cb_all=$#; cb_c=$#',
    // Rotate through the arguments once, putting the kept ones back at the end.
    'while [ "$cb_c" -gt 0 ]; do f=$1; shift; cb_c=$((cb_c - 1)); if cb_keep "$f" "${f##*/}"; then set -- "$@" "$f"; fi; done',
    `printf '@N %s\\n' "$((cb_all - $#))"`,
    '[ "$#" -gt 0 ] || exit 0',
    `printf '@M %s\\n' "$#"; for f; do printf '%s\\0' "$f"; done`,
    `stat ${a.follow ? '-L ' : ''}-c '${STAT_FORMAT} %n' -- "$@" 2>/dev/null; printf '\\0@E\\n'`,
  ].join('\n');
}

/** The `test` for the kind asked for; find -L semantics (links followed) with `follow`. */
function kindTest(a: FindArgs): string | undefined {
  const notLink = a.follow ? '' : ' && [ ! -L "$1" ]';
  switch (a.file_type) {
    case 'file':
      return `[ -f "$1" ]${notLink}`;
    case 'directory':
      return `[ -d "$1" ]${notLink}`;
    case 'link':
      return '[ -L "$1" ]';
    default:
      return undefined;
  }
}

/** `-maxdepth`: 1 without `recurse`, `depth` with it, nothing for "all the way down". */
function maxDepth(a: FindArgs): string[] {
  if (!a.recurse) return ['-maxdepth', '1'];
  return a.depth !== undefined ? ['-maxdepth', String(a.depth)] : [];
}

/**
 * A root as `find` must be given it: a relative path starting with `-`, `!` or `(` would be
 * read as part of the expression, so it gets a `./` prefix (removed again from the results).
 */
export function findRoot(path: string): string {
  return /^[-!(]/.test(path) ? `./${path}` : path;
}
