/**
 * Calls one step once: renders its arguments, checks them again against the schema now that
 * templates are values, enforces the task's timeout, and turns every way a step can go wrong
 * into a result. Only a lost connection escapes, as `HostUnreachableError`.
 */
import { abortableHost } from '../connection/abortable-host.js';
import { BecomeError, HostUnreachableError } from '../connection/errors.js';
import type { StepDefinition } from '../steps/step.js';
import type { StepContext, StepResult } from '../steps/step-run.js';
import { TemplateError } from '../template/errors.js';
import { plainData } from '../template/mark-unsafe.js';
import { renderValue } from '../template/render.js';
import type { Scope } from '../template/scope.js';
import { sensitiveValues } from '../validate/sensitive.js';
import { validateStepArgs } from '../validate/validate-step-args.js';

/**
 * Renders `rawArgs` in `scope` and runs `step` with them. The values of `sensitive` arguments
 * are handed to `learnSecret` before the step runs, so whatever echoes them is masked.
 */
export async function invokeStep(
  step: StepDefinition,
  rawArgs: Record<string, unknown>,
  scope: Scope,
  ctx: StepContext,
  learnSecret?: (value: string) => void,
): Promise<StepResult> {
  let args: Record<string, unknown>;
  let rendered: unknown;
  try {
    rendered = renderValue(rawArgs, scope);
    args = plainData(rendered) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TemplateError) return { changed: false, failed: true, msg: `while rendering the arguments: ${error.message}` };
    throw error;
  }
  if (learnSecret) for (const value of sensitiveValues(step, args)) learnSecret(value);
  const issues = validateStepArgs(step, args, { allowTemplates: false });
  if (issues.length) {
    return { changed: false, failed: true, msg: issues.map((i) => `${i.message}${i.hint ? ` (${i.hint})` : ''}`).join('; ') };
  }
  if (!step.run) return { changed: false, failed: true, msg: `the step \`${step.name}\` cannot run yet in this version of certbook` };
  return withTimeout(step, step.pythonValues ? (plainData(rendered, true) as Record<string, unknown>) : args, ctx);
}

/** How long a timed-out step may take to stop its command on the host (exec-session's TERM + KILL graces, with room). */
const KILL_WAIT_MS = 6_000;

async function withTimeout(step: StepDefinition, args: Record<string, unknown>, ctx: StepContext): Promise<StepResult> {
  // A step that starts after the abort (a loop item, a retry, another host's turn) must not run:
  // a listener added now would never hear an abort that has already happened.
  if (ctx.signal.aborted) return { changed: false, failed: true, msg: 'interrupted before it started' };
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onOuterAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  let expired = false;
  const expiredResult: StepResult = {
    changed: false,
    failed: true,
    msg: `The task timed out after ${(ctx.timeoutMs ?? 0) / 1000} seconds and was stopped on the host`,
  };
  // Every call the step makes to its host is refused after the abort, not only the command running then.
  const running = (async () => step.run!(args, { ...ctx, host: abortableHost(ctx.host, controller.signal), signal: controller.signal }))();
  const timedOut = new Promise<StepResult>((resolve) => {
    if (!ctx.timeoutMs) return;
    timer = setTimeout(() => {
      expired = true;
      controller.abort(new Error('task timeout'));
      // The aborted step returns once its command is killed on the host: wait for that (bounded),
      // or the run may go on, end and close the connection before the kill was ever sent.
      timer = setTimeout(() => resolve(expiredResult), KILL_WAIT_MS);
    }, ctx.timeoutMs);
  });
  try {
    const result = await Promise.race([running, timedOut]);
    return expired ? expiredResult : result;
  } catch (error) {
    if (error instanceof HostUnreachableError) throw error;
    if (expired) return expiredResult;
    if (error instanceof BecomeError) return { changed: false, failed: true, msg: error.message };
    if (controller.signal.aborted) return { changed: false, failed: true, msg: ctx.signal.aborted ? 'interrupted' : 'timed out' };
    // A step that throws has a bug; the run goes on and the user sees what happened.
    const message = error instanceof Error ? error.message : String(error);
    return { changed: false, failed: true, msg: `internal error in step \`${step.name}\`: ${message}` };
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onOuterAbort);
  }
}

/** The registered, Ansible-shaped form of a step result. */
export function registeredResult(result: StepResult): Record<string, unknown> {
  const shaped: Record<string, unknown> = { ...result.data, changed: result.changed, failed: result.failed === true };
  if (result.skipped) shaped.skipped = true;
  if (result.msg !== undefined) shaped.msg = result.msg;
  if (result.diff) shaped.diff = result.diff;
  return shaped;
}
