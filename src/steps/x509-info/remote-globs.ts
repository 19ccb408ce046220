/**
 * Glob patterns in `x509_info paths`, expanded by the host's own `/bin/sh` (so `*.crt` means
 * what it means in a shell there), in one exec for all patterns. The Host API's `readFiles`
 * takes literal paths only, so a task with patterns costs two round trips (this exec, then the
 * read); a task with literal paths only costs one. Supported: `*`, `?` and simple `[…]` classes
 * in any path component; `*` does not match a leading dot, `**` is a plain `*`, `~` is literal.
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
  for (let i = 0; i < pattern.length;) {
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

/** The script: for pattern i, prints `i NUL path NUL` for each existing match. */
export function expandScript(patterns: readonly string[]): string {
  const fn = 'm() { i=$1; shift; for f in "$@"; do if [ -e "$f" ] || [ -L "$f" ]; then printf \'%s\\0%s\\0\' "$i" "$f"; fi; done; }';
  return [fn, ...patterns.map((p, i) => `m ${i} ${globWord(p)}`), 'exit 0'].join('\n');
}

/** For each pattern, the paths it matched on the host (sorted by the shell), or why it could not run. */
export async function expandGlobs(ctx: StepContext, patterns: readonly string[]): Promise<{ matches: string[][] } | { error: string }> {
  const r = await execOnHost(ctx, expandScript(patterns));
  const failure = scriptFailure(r, 'expanding the path patterns');
  if (failure) return { error: failure };
  const matches: string[][] = patterns.map(() => []);
  const fields = r.stdout.split('\0');
  for (let k = 0; k + 1 < fields.length; k += 2) matches[Number(fields[k])]?.push(fields[k + 1]!);
  return { matches };
}
