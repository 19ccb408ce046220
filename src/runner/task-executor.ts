/**
 * One step task on one host: `when`, `loop`, delegation, become, check mode, `until`,
 * `changed_when`/`failed_when`. The result is what the host reports; counting, registering,
 * notifying and events are the caller's (task-list runner's) business.
 */

import { HostUnreachableError } from '../connection/errors.js';
import type { Host } from '../connection/host.js';
import type { TaskRef } from '../events/run-events.js';
import { CONNECTION_VARIABLES } from '../inventory/connection-vars.js';
import type { StepTask } from '../playbook/model.js';
import { isPyNumber } from '../python/py-number.js';
import { findStep } from '../steps/registry.js';
import type { StepContext, StepResult } from '../steps/step-run.js';
import { evaluateCondition } from '../template/condition.js';
import { TemplateError } from '../template/errors.js';
import { plainData } from '../template/mark-unsafe.js';
import { pyStr } from '../template/py-text.js';
import { renderTemplate, renderValue } from '../template/render.js';
import type { Scope } from '../template/scope.js';
import { abortableSleep } from './abortable-sleep.js';
import { becomeForTask } from './become-for-task.js';
import { connectionVarsOf } from './connection-vars-of.js';
import type { HostState } from './host-state.js';
import { interruptedRetries } from './interrupted-result.js';
import { conditionsOf, inherited, type KeywordChain, keywordText } from './keyword-chain.js';
import type { PlayRun } from './play-run.js';
import { invokeStep, registeredResult } from './step-invocation.js';
import { taskEnvironment, withEnvironment } from './task-environment.js';

/** What one execution (one host, one item) produced. */
export interface Execution {
  status: 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';
  result: Record<string, unknown>;
  step?: StepResult;
  delegatedTo?: string;
}

/** Evaluates the task's conditions; a broken condition is a failed result, never a crash. */
export function whenHolds(chain: KeywordChain, scope: Scope): { holds: boolean; error?: string } {
  try {
    return { holds: conditionsOf(chain).every((c) => evaluateCondition(c, scope)) };
  } catch (error) {
    if (error instanceof TemplateError) return { holds: false, error: `The conditional check failed: ${error.message}` };
    throw error;
  }
}

/** Runs a step task once for a host in `scope` (one loop item, or the whole task). */
export async function executeOnce(
  play: PlayRun,
  task: StepTask,
  chain: KeywordChain,
  host: HostState,
  scope: Scope,
  ref: TaskRef,
): Promise<Execution> {
  const step = findStep(task.step)!;
  let delegate: string | undefined;
  let remoteUser: string | undefined;
  try {
    delegate = keywordText(inherited(chain, 'delegate_to'), scope);
    remoteUser = keywordText(inherited(chain, 'remote_user'), scope);
    // Controller-only steps (debug, assert, set_fact, …) never need the host's connection.
    const target = step.controllerOnly
      ? play.run.controller
      : await connect(play, delegate ?? host.name, scope, delegate !== undefined, remoteUser);
    const onRetry = (attempt: number, retriesLeft: number, result: Record<string, unknown>) =>
      play.run.emit({ kind: 'retry', task: ref, host: host.name, attempt, retriesLeft, result });
    // A context per attempt: its kill signal is the current phase's (a retry may come in the cleanup).
    // changed_when/failed_when judge every attempt before `until` reads it, as in ansible-core.
    const attempt = async () =>
      judge(
        task,
        scope,
        await invokeStep(step, task.args, scope, stepContext(play, chain, host, scope, target), (secret) => play.run.secrets.add(secret)),
      );
    const judged = await untilDone(task, chain, scope, attempt, onRetry, {
      mayGoOn: () => play.run.cleanup.mayGoOn(host.name),
      signal: () => play.run.cleanup.haltSignal(host.name),
    });
    return { ...judged, ...(delegate ? { delegatedTo: delegate } : {}) };
  } catch (error) {
    if (error instanceof HostUnreachableError) return play.run.unreachable(delegate ?? host.name, error, remoteUser);
    if (error instanceof TemplateError) return { status: 'failed', result: { changed: false, failed: true, msg: error.message } };
    throw error;
  }
}

async function connect(play: PlayRun, name: string, scope: Scope, delegated: boolean, remoteUser: string | undefined): Promise<Host> {
  const { run } = play;
  // A delegate's own inventory variables decide how to reach it.
  const vars = delegated && run.inventory.has(name) ? play.scopeFor(run.host(name)) : scope;
  const implicitLocal =
    run.inventory.isImplicitLocalhost(name) || (delegated && !run.inventory.has(name) && ['localhost', '127.0.0.1', '::1'].includes(name));
  return run.connect(name, vars, implicitLocal, remoteUser);
}

function stepContext(play: PlayRun, chain: KeywordChain, host: HostState, scope: Scope, target: Host): StepContext {
  const { run } = play;
  const connVars = connectionVarsOf(scope);
  const become = becomeForTask(chain, connVars, run.options, scope);
  if (become?.password) run.secrets.add(become.password);
  // A host's passwords are secrets even for tasks that do not use them: one echoing its
  // become password (or a debug of it) would otherwise show it raw.
  for (const [name, value] of Object.entries(connVars)) {
    if (CONNECTION_VARIABLES[name] === 'secret' && (typeof value === 'string' || isPyNumber(value)) && String(value))
      run.secrets.add(String(value));
  }
  const checkKeyword = inherited(chain, 'check_mode');
  const diffKeyword = inherited(chain, 'diff');
  const timeout = inherited(chain, 'timeout');
  const timeoutSeconds = timeout === undefined ? undefined : Number(renderValue(timeout, scope));
  const env = taskEnvironment(chain, scope);
  return {
    host: env ? withEnvironment(target, env) : target,
    controller: run.controller,
    hostName: host.name,
    check: checkKeyword === undefined ? run.options.check : evaluateCondition(checkKeyword, scope),
    diff: diffKeyword === undefined ? run.options.diff : evaluateCondition(diffKeyword, scope),
    ...(become ? { become } : {}),
    ...(timeoutSeconds ? { timeoutMs: timeoutSeconds * 1000 } : {}),
    // Commands in flight at an interrupt get the grace period; the cleanup's commands its deadline.
    signal: run.cleanup.killSignal ?? new AbortController().signal,
    ...(run.cleanup.haltSignal(host.name) ? { halt: run.cleanup.haltSignal(host.name)! } : {}),
    verbosity: run.options.verbosity,
    now: () => run.now(),
    evaluate: (expression) => evaluateCondition(expression, scope),
    // Kept as Python numbers (`1.0`, big ints): debug prints what it looks up.
    lookup: (name) => plainData(renderTemplate(`{{ ${name} }}`, scope), true),
    renderText: (text, extra) => pyStr(renderTemplate(text, scope.with(extra, 'data'))),
    warn: (message) => run.emit({ kind: 'warning', message, host: host.name }),
    secret: (value) => {
      if (value) run.secrets.add(value);
    },
  };
}

/**
 * `until`/`retries`/`delay`, as ansible-core 2.14's task executor: `retries: N` allows N + 1
 * attempts (0 or less: one), the condition is evaluated on every judged attempt whether or not
 * it failed, and a run that exhausts its attempts fails with `attempts` registered as N (not
 * N + 1: Ansible's own off-by-one, kept so playbooks reading `result.attempts` agree).
 */
type RetryListener = (attempt: number, retriesLeft: number, result: Record<string, unknown>) => void;

/** When an interrupt stops retrying: asked before each retry; the signal ends the `delay` before it. */
interface RetryHalt {
  mayGoOn(): boolean;
  signal(): AbortSignal | undefined;
}

async function untilDone(
  task: StepTask,
  chain: KeywordChain,
  scope: Scope,
  once: () => Promise<Execution>,
  onRetry: RetryListener,
  halt: RetryHalt,
): Promise<Execution> {
  const until = task.keywords.until;
  if (until === undefined) return once();
  const retries = Number(renderValue(inherited(chain, 'retries') ?? 3, scope));
  const total = retries <= 0 ? 1 : retries + 1;
  const delaySeconds = Number(renderValue(inherited(chain, 'delay') ?? 5, scope));
  let execution = await once();
  for (let attempt = 1; ; attempt++) {
    const registered = { ...execution.result, attempts: attempt };
    const withResult = task.keywords.register ? scope.with({ [task.keywords.register]: registered }, 'unsafe') : scope;
    if (evaluateCondition(until, withResult)) return { ...execution, result: registered };
    if (attempt >= total) return { ...execution, status: 'failed', result: { ...registered, failed: true, attempts: total - 1 } };
    // An interrupted run starts nothing new, a retry neither (a 60-try wait would hold the exit up).
    if (!halt.mayGoOn()) return interruptedRetries(execution, registered, attempt);
    onRetry(attempt, total - attempt, registered);
    await abortableSleep(delaySeconds * 1000, halt.signal());
    if (!halt.mayGoOn()) return interruptedRetries(execution, registered, attempt);
    execution = await once();
  }
}

/** Applies `changed_when` and `failed_when` (they may read the registered result by name). */
function judge(task: StepTask, scope: Scope, result: StepResult): Execution {
  let registered = registeredResult(result);
  const withResult = task.keywords.register ? scope.with({ [task.keywords.register]: registered }, 'unsafe') : scope;
  try {
    if (task.keywords.changed_when !== undefined)
      registered = { ...registered, changed: evaluateCondition(task.keywords.changed_when, withResult) };
    if (task.keywords.failed_when !== undefined) {
      const failed = evaluateCondition(task.keywords.failed_when, withResult);
      registered = { ...registered, failed, failed_when_result: failed };
    }
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return { status: 'failed', result: { ...registered, failed: true, msg: error.message }, step: result };
  }
  const status = registered.failed ? 'failed' : result.skipped ? 'skipped' : registered.changed ? 'changed' : 'ok';
  return { status, result: registered, step: result };
}
