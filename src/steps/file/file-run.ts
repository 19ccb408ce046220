/**
 * `file`: one exec to read the path (and the ids its owner/group name), a decision on the
 * controller, and one more exec only when something must change (none in check mode).
 */
import { shellQuote } from '../../connection/shell-quote.js';
import type { FileArgs } from '../file.js';
import { execOnHost, failed, scriptFailure } from '../host-ops/host-exec.js';
import { parseStatAnswer, STAT_FUNCTION } from '../host-ops/path-stat.js';
import type { StepContext, StepDiff, StepResult } from '../step-run.js';
import { describe, type FilePlan, planChanges, planFile } from './file-plan.js';
import { fileStateScript, parseFileState } from './file-state.js';

/** Runs `file`. */
export async function runFile(a: FileArgs, ctx: StepContext): Promise<StepResult> {
  const read = await execOnHost(ctx, fileStateScript(a));
  const readProblem = scriptFailure(read, `cannot read ${a.path}`);
  if (readProblem) return failed(readProblem, { path: a.path });
  const plan = planFile(a, parseFileState(a, read.stdout));
  if (plan.error) return failed(plan.error, { path: a.path });
  const changed = planChanges(plan);
  const diff = ctx.diff && changed ? [fileDiff(a.path, plan)] : undefined;
  if (!changed || ctx.check) {
    const data = { path: a.path, ...plan.after };
    return { changed, msg: changed ? `would ${summary(plan)}` : 'ok', data, ...(diff ? { diff } : {}) };
  }
  const write = await execOnHost(ctx, changeScript(a.path, plan));
  const writeProblem = scriptFailure(write, `cannot change ${a.path}`);
  if (writeProblem) return failed(writeProblem, { path: a.path }, true);
  const now = parseStatAnswer(write.stdout.split('\n').find((l) => /^[SAE]( |$)/.test(l)));
  const data = now.state === 'present' ? { path: a.path, ...describe(now.facts) } : { path: a.path, state: 'absent' };
  return { changed: true, msg: summary(plan), data, ...(diff ? { diff } : {}) };
}

/** The commands that carry the plan out, then the path's metadata as it is now. */
function changeScript(path: string, plan: FilePlan): string {
  const r = plan.recursive ? ' -R' : '';
  const lines = ['set -e', 'export LC_ALL=C', STAT_FUNCTION, `p=${shellQuote(path)}`];
  if (plan.remove) lines.push('rm -rf -- "$p"');
  if (plan.create === 'directory') lines.push('mkdir -p -- "$p"');
  if (plan.create === 'file') lines.push('touch -- "$p"');
  if (plan.chmod) lines.push(`chmod${r} ${shellQuote(plan.chmod)} -- "$p"`);
  if (plan.chown) lines.push(`chown${r} ${shellQuote(plan.chown)} -- "$p"`);
  lines.push(plan.remove ? 'echo A' : 'cb_stat -L "$p"');
  return lines.join('\n');
}

function summary(plan: FilePlan): string {
  const parts: string[] = [];
  if (plan.remove) parts.push('remove it');
  if (plan.create) parts.push(`create the ${plan.create}`);
  if (plan.chmod) parts.push(`set mode ${plan.after.mode ?? ''}`.trim());
  if (plan.chown) parts.push('set owner/group');
  return parts.join(', ');
}

/** Before/after as `key: value` lines, the attributes that change only. */
function fileDiff(path: string, plan: FilePlan): StepDiff {
  const keys = [...new Set([...Object.keys(plan.before), ...Object.keys(plan.after)])].filter(
    (k) => k === 'state' || plan.before[k] !== plan.after[k],
  );
  const render = (side: Record<string, string>): string =>
    keys
      .filter((k) => side[k] !== undefined)
      .map((k) => `${k}: ${side[k]}\n`)
      .join('');
  return {
    before: `path: ${path}\n${render(plan.before)}`,
    after: `path: ${path}\n${render(plan.after)}`,
    beforeHeader: path,
    afterHeader: path,
  };
}
