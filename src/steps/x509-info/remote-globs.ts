/**
 * Glob patterns in `x509_info paths`, expanded by the host's own `/bin/sh` (so `*.crt` means
 * what it means in a shell there), in one exec for all patterns. The Host API's `readFiles`
 * takes literal paths only, so a task with patterns costs two round trips (this exec, then the
 * read); a task with literal paths only costs one. Supported: `*`, `?` and simple `[…]` classes
 * in any path component; `*` does not match a leading dot, `~` is literal. A `**` component
 * matches zero or more directories (not hidden ones), as in Python's recursive glob: the host's
 * `find` lists the files under the fixed part of the pattern (symbolic links to directories are
 * not followed) and the pattern is matched here.
 */
import { shellQuote } from '../../connection/shell-quote.js';
import { execOnHost, scriptFailure } from '../host-ops/host-exec.js';
import type { StepContext } from '../step-run.js';

const GLOB_CHARS = /[*?[]/;
// A bracket class we can leave unquoted: no character the shell would act on.
const SAFE_CLASS = /^\[!?\]?[A-Za-z0-9._^-]*\]/;

/** True when `path` has a glob character. */
export function isGlob(path: string): boolean {
  return GLOB_CHARS.test(path);
}

/**
 * One shell word for `pattern`: the glob characters unquoted (so the shell expands them), every
 * other character quoted (so spaces, `$`, quotes and backticks stay literal).
 */
export function globWord(pattern: string): string {
  const parts: string[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal) parts.push(shellQuote(literal));
    literal = '';
  };
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i]!;
    const cls = ch === '[' ? SAFE_CLASS.exec(pattern.slice(i)) : null;
    if (ch === '*' || ch === '?') {
      flush();
      parts.push(ch);
      i++;
    } else if (cls) {
      flush();
      parts.push(cls[0]);
      i += cls[0].length;
    } else {
      literal += ch;
      i++;
    }
  }
  flush();
  return parts.join('');
}

/** True when `pattern` has a `**` path component (a recursive pattern). */
export function isRecursive(pattern: string): boolean {
  return pattern.split('/').includes('**');
}

/** The directory `find` starts from: the components before the first one with a glob character. */
export function recursiveBase(pattern: string): string {
  const parts = pattern.split('/');
  const fixed = parts.slice(
    0,
    parts.findIndex((p) => isGlob(p)),
  );
  const base = fixed.join('/');
  return base === '' ? (pattern.startsWith('/') ? '/' : '.') : base;
}

/** The whole pattern as a regular expression over a path, with the shell's rules for `*`, `?`, `[…]`. */
export function patternRegExp(pattern: string): RegExp {
  const component = (part: string): string => {
    let out = /^[*?[]/.test(part) ? '(?!\\.)' : '';
    for (let i = 0; i < part.length; ) {
      const ch = part[i]!;
      const cls = ch === '[' ? SAFE_CLASS.exec(part.slice(i)) : null;
      if (ch === '*') out += '[^/]*';
      else if (ch === '?') out += '[^/]';
      else if (cls) {
        out += cls[0].replace(/^\[!/, '[^').replace(/\\/g, '\\\\');
        i += cls[0].length;
        continue;
      } else out += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
    return out;
  };
  const parts = pattern.split('/');
  let source = '';
  parts.forEach((part, k) => {
    if (part === '**') source += k < parts.length - 1 ? '(?:[^/.][^/]*/)*' : '(?:[^/.][^/]*/)*[^/.][^/]*';
    else source += component(part) + (k < parts.length - 1 ? '/' : '');
  });
  return new RegExp(`^${source}$`);
}

/**
 * The script: for pattern i, prints `i NUL path NUL` for each existing match; for a recursive
 * pattern, everything under its base but directories (files, links, FIFOs: a FIFO named `.crt` is
 * then reported unreadable, as the shell glob reports it), to be matched by `patternRegExp`.
 */
export function expandScript(patterns: readonly string[]): string {
  const fn = 'm() { i=$1; shift; for f in "$@"; do if [ -e "$f" ] || [ -L "$f" ]; then printf \'%s\\0%s\\0\' "$i" "$f"; fi; done; }';
  const walk =
    'r() { [ -d "$2" ] || return 0; find "$2" -mindepth 1 ! -type d ' +
    '-exec sh -c \'i=$1; shift; for f do printf "%s\\0%s\\0" "$i" "$f"; done\' sh "$1" {} +; }';
  const lines = patterns.map((p, i) => (isRecursive(p) ? `r ${i} ${shellQuote(recursiveBase(p))}` : `m ${i} ${globWord(p)}`));
  return [fn, walk, ...lines, 'exit 0'].join('\n');
}

/** For each pattern, the paths it matched on the host (sorted by the shell), or why it could not run. */
export async function expandGlobs(ctx: StepContext, patterns: readonly string[]): Promise<{ matches: string[][] } | { error: string }> {
  const r = await execOnHost(ctx, expandScript(patterns));
  const failure = scriptFailure(r, 'expanding the path patterns');
  if (failure) return { error: failure };
  const matches: string[][] = patterns.map(() => []);
  const fields = r.stdout.split('\0');
  for (let k = 0; k + 1 < fields.length; k += 2) matches[Number(fields[k])]?.push(fields[k + 1]!);
  patterns.forEach((pattern, i) => {
    if (!isRecursive(pattern)) return;
    const re = patternRegExp(pattern);
    // find prints `./x` under a relative base of `.`; the pattern says `x`.
    const relative = recursiveBase(pattern) === '.';
    matches[i] = matches[i]!.map((path) => (relative ? path.replace(/^\.\//, '') : path))
      .filter((path) => re.test(path))
      .sort();
  });
  return { matches };
}

/**
 * The files to read for `specs`, in their order without repeats, and the patterns that matched
 * nothing (`missing`). `matchesOf` gives a spec's matches (a literal path is its own match).
 */
export function filesOfSpecs(
  specs: readonly string[],
  matchesOf: (spec: string, index: number) => string[],
): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  specs.forEach((spec, i) => {
    const matches = matchesOf(spec, i);
    if (matches.length === 0) missing.push(spec);
    for (const file of matches) if (!files.includes(file)) files.push(file);
  });
  return { files, missing };
}
