/**
 * `copy`: one exec to read the destination (and a remote source), a decision on the controller,
 * and one exec to write (none when nothing differs, none in check mode). New contents go to a
 * temporary file beside the destination, get their mode and owner, pass `validate`, and are
 * renamed over it, so readers never see half a file.
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { shellJoin, shellQuote } from '../../connection/shell-quote.js';
import type { CopyArgs } from '../copy.js';
import { execOnHost, failed, lastLine, scriptFailure } from '../host-ops/host-exec.js';
import { octal, parseStatAnswer, STAT_FUNCTION } from '../host-ops/path-stat.js';
import { splitShellWords } from '../host-ops/shell-words.js';
import { CHECKSUM_FUNCTION } from '../stat-run.js';
import type { StepContext, StepDiff, StepResult } from '../step-run.js';
import { type CopyPlan, copyChanges, planCopy } from './copy-plan.js';
import { type LocalSource, loadLocalSource } from './copy-source.js';
import { type CopyState, copyStateScript, DIFF_LIMIT, parseCopyState } from './copy-state.js';

/** The exit code the write script uses when `validate` rejected the new file. */
const VALIDATE_FAILED = 93;

/** Runs `copy`. */
export async function runCopy(a: CopyArgs, ctx: StepContext): Promise<StepResult> {
  const local = a.remote_src ? undefined : await loadLocalSource(a, ctx);
  if (typeof local === 'string') return failed(local, { dest: a.dest });
  const validate = a.validate === undefined ? undefined : splitShellWords(a.validate);
  if (validate && 'error' in validate) return failed(`cannot split \`validate\` into words: ${validate.error}`, { dest: a.dest });
  const read = await execOnHost(ctx, copyStateScript(a, ctx.diff));
  const readProblem = scriptFailure(read, `cannot read ${a.dest}`);
  if (readProblem) return failed(readProblem, { dest: a.dest });
  const state = parseCopyState(a, read.stdout);
  const plan = planCopy(a, state, local);
  if (plan.error) return failed(plan.error, { dest: state.path });
  const changed = copyChanges(plan);
  const diff = ctx.diff && plan.writeContent ? [contentDiff(state, local)] : undefined;
  if (!changed || ctx.check) {
    return { changed, msg: changed ? 'would write the file' : 'ok', data: predicted(a, state, plan), ...(diff ? { diff } : {}) };
  }
  const backup = a.backup && plan.writeContent && state.dest.state === 'present' ? `${state.path}.${stamp(ctx.now())}~` : undefined;
  const script = writeScript(a, state.path, plan, backup, validate?.words);
  const write = await execOnHost(ctx, script, local ? { stdin: local.bytes } : {});
  if (write.rc === VALIDATE_FAILED)
    return failed(`validation failed, ${state.path} left alone: ${lastLine(write.stderr) || 'non-zero exit'}`, { dest: state.path });
  const problem = scriptFailure(write, `cannot write ${state.path}`);
  if (problem) return failed(problem, { dest: state.path });
  return {
    changed: true,
    msg: plan.writeContent ? 'file written' : 'attributes set',
    data: written(state.path, write.stdout, backup),
    ...(diff ? { diff } : {}),
  };
}

/** The write script: temporary file, attributes, validate, backup, rename; then the new stat. */
function writeScript(a: CopyArgs, path: string, plan: CopyPlan, backup: string | undefined, validate: string[] | undefined): string {
  const tmp = posix.join(posix.dirname(path), `.${posix.basename(path)}.certbook-${randomBytes(6).toString('hex')}.tmp`);
  const lines = ['set -e', 'export LC_ALL=C', STAT_FUNCTION, CHECKSUM_FUNCTION, `d=${shellQuote(path)}`];
  if (plan.writeContent) {
    lines.push(`t=${shellQuote(tmp)}`, `trap 'rm -f -- "$t"' EXIT`);
    // Private until its mode is set: the contents may be a key.
    lines.push('(umask 077; set -C; : > "$t")');
    lines.push(a.remote_src ? `cat -- ${shellQuote(a.src ?? '')} >| "$t"` : 'cat >| "$t"');
    lines.push(plan.chmod ? `chmod ${plan.chmod} -- "$t"` : `chmod "$(printf '%o' $((0644 & ~0$(umask))))" -- "$t"`);
    if (plan.keepIds) lines.push(`chown ${shellQuote(plan.keepIds)} -- "$t" 2>/dev/null || true`);
    if (plan.chown) lines.push(`chown ${shellQuote(plan.chown)} -- "$t"`);
    if (validate) lines.push(`${shellJoin(validate.map((w) => w.replaceAll('%s', tmp)))} >&2 || exit ${VALIDATE_FAILED}`);
    if (backup) lines.push(`cp -p -- "$d" ${shellQuote(backup)}`);
    lines.push('mv -f -- "$t" "$d"', 'trap - EXIT');
  } else {
    if (plan.chmod) lines.push(`chmod ${plan.chmod} -- "$d"`);
    if (plan.chown) lines.push(`chown ${shellQuote(plan.chown)} -- "$d"`);
  }
  lines.push('cb_stat -L "$d"', 'printf "C %s\\n" "$(cb_sum sha1 < "$d")"');
  return lines.join('\n');
}

/** The registered values without writing: what the file is (unchanged) or would be (check mode). */
function predicted(a: CopyArgs, s: CopyState, plan: CopyPlan): Record<string, unknown> {
  const facts = s.dest.state === 'present' ? s.dest.facts : undefined;
  const data: Record<string, unknown> = { dest: s.path, checksum: plan.sha1, size: plan.size };
  if (plan.mode) data.mode = plan.mode;
  const owner = a.owner ?? facts?.owner;
  const group = a.group ?? facts?.group;
  if (owner !== undefined) data.owner = owner;
  if (group !== undefined) data.group = group;
  return data;
}

function written(path: string, stdout: string, backup: string | undefined): Record<string, unknown> {
  const lines = stdout.split('\n');
  const now = parseStatAnswer(lines.find((l) => /^[SAE]( |$)/.test(l)));
  const checksum = lines
    .find((l) => l.startsWith('C '))
    ?.slice(2)
    .trim();
  const data: Record<string, unknown> = { dest: path, checksum };
  if (now.state === 'present')
    Object.assign(data, { size: now.facts.size, mode: octal(now.facts.perms), owner: now.facts.owner, group: now.facts.group });
  if (backup) data.backup_file = backup;
  return data;
}

/** The old and new contents, as text, when both are small text; a note otherwise. */
function contentDiff(s: CopyState, local: LocalSource | undefined): StepDiff {
  const after = local?.bytes ?? s.srcContent;
  const before = s.dest.state === 'present' ? s.oldContent : Buffer.alloc(0);
  return { before: shown(before), after: shown(after), beforeHeader: `${s.path} (before)`, afterHeader: `${s.path} (after)` };
}

function shown(bytes: Buffer | undefined): string {
  if (bytes === undefined || bytes.length > DIFF_LIMIT) return `(larger than ${DIFF_LIMIT} bytes: not shown)\n`;
  if (bytes.includes(0)) return '(binary: not shown)\n';
  return bytes.toString('utf8');
}

/** `20260131T120000Z`: the UTC moment, sortable and safe in a file name. */
export function stamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}
