/**
 * `stat` on the host in one exec: the metadata (`stat -c`), the access the connected user has
 * (`test -r/-w/-x`), the checksum of a regular file and a link's target.
 */
import { shellQuote } from '../connection/shell-quote.js';
import { execOnHost, failed, scriptFailure } from './host-ops/host-exec.js';
import { ansibleStatFields, parseStatAnswer, STAT_FUNCTION } from './host-ops/path-stat.js';
import type { StatArgs } from './stat.js';
import type { StepContext, StepResult } from './step-run.js';

/**
 * Shell function `cb_sum ALGO` hashing stdin: `ALGOsum` (coreutils, busybox) or, for the
 * algorithms busybox lacks, `openssl dgst`. Prints the hex digest only.
 */
export const CHECKSUM_FUNCTION = [
  'cb_sum() {',
  '  if command -v "$1sum" >/dev/null 2>&1; then "$1sum" | cut -d" " -f1',
  '  else openssl dgst "-$1" -r | cut -d" " -f1; fi',
  '}',
].join('\n');

/** The script; its answer is line 1 `cb_stat`, then `P rwx`, `C hash`, and `L` + target last. */
export function statScript(a: StatArgs): string {
  return [
    'export LC_ALL=C',
    STAT_FUNCTION,
    CHECKSUM_FUNCTION,
    `p=${shellQuote(a.path)}`,
    `cb_stat ${a.follow ? '-L' : '-P'} "$p"`,
    'printf "P %s%s%s\\n" "$([ -r "$p" ] && echo r)" "$([ -w "$p" ] && echo w)" "$([ -x "$p" ] && echo x)"',
    a.get_checksum
      ? `if { ${a.follow ? 'true' : '[ ! -L "$p" ]'}; } && [ -f "$p" ] && [ -r "$p" ]; then printf "C %s\\n" "$(cb_sum ${a.checksum_algorithm} < "$p")"; fi`
      : '',
    a.follow ? '' : 'if [ -L "$p" ]; then echo L; readlink -- "$p"; fi',
  ]
    .filter(Boolean)
    .join('\n');
}

/** Runs `stat`. */
export async function runStat(a: StatArgs, ctx: StepContext): Promise<StepResult> {
  const r = await execOnHost(ctx, statScript(a));
  const problem = scriptFailure(r, `cannot stat ${a.path}`);
  if (problem) return failed(problem);
  const result = parseStatOutput(a, r.stdout);
  const stat = result.data?.stat as Record<string, unknown> | undefined;
  if (a.get_checksum && stat?.isreg && stat.readable && stat.checksum === undefined && (a.follow || !stat.islnk)) {
    ctx.warn(`no ${a.checksum_algorithm} checksum of ${a.path}: the host has neither ${a.checksum_algorithm}sum nor openssl`);
  }
  return result;
}

function parseStatOutput(a: StatArgs, stdout: string): StepResult {
  const lines = stdout.split('\n');
  const answer = parseStatAnswer(lines[0]);
  if (answer.state === 'absent') return { changed: false, data: { stat: { exists: false, path: a.path } } };
  if (answer.state === 'error') return failed(`cannot stat ${a.path}: ${answer.message}`);
  const stat = ansibleStatFields(a.path, answer.facts);
  const access = lines.find((l) => l.startsWith('P ')) ?? 'P ';
  Object.assign(stat, { readable: access.includes('r'), writeable: access.includes('w'), executable: access.includes('x') });
  const sum = lines
    .find((l) => l.startsWith('C '))
    ?.slice(2)
    .trim();
  if (sum) stat.checksum = sum;
  const link = lines.indexOf('L');
  if (link > 0)
    stat.lnk_target = lines
      .slice(link + 1)
      .join('\n')
      .replace(/\n$/, '');
  return { changed: false, data: { stat } };
}
