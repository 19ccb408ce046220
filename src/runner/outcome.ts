/**
 * What happens after a host finishes a task: the recap counters, `register`, `set_fact`,
 * `publish`, `notify`, the host's failed/unreachable state, and the event reporters see
 * (censored under `no_log`).
 */
import { censorResult } from '../events/redact.js';
import type { TaskRef } from '../events/run-events.js';
import type { StepTask } from '../playbook/model.js';
import { markUnsafe } from '../template/mark-unsafe.js';
import type { Scope } from '../template/scope.js';
import type { HostState } from './host-state.js';
import { inherited, type KeywordChain, keywordFlag } from './keyword-chain.js';
import { noLogSecrets } from './no-log-secrets.js';
import type { PlayRun } from './play-run.js';
import type { RunContext } from './run-context.js';
import type { Execution } from './task-executor.js';

/** Where the task ran, for counting and state. */
export interface OutcomeContext {
  play: PlayRun;
  task: StepTask;
  chain: KeywordChain;
  ref: TaskRef;
  scope: Scope;
  /** A failure here is caught by an enclosing block's `rescue`. */
  rescuable: boolean;
  startedAt: number;
}

/** Records one host's result of one task: register, effects, notify, then {@link recordResult}. */
export function settleOutcome(oc: OutcomeContext, host: HostState, execution: Execution): void {
  const { task, chain } = oc;
  const status = execution.status;
  const ignored = keywordFlag(inherited(chain, status === 'unreachable' ? 'ignore_unreachable' : 'ignore_errors'), oc.scope);
  // Display hints (`_ansible_verbose_always`) are not data: Ansible strips them from what it registers.
  if (task.keywords.register) host.registered[task.keywords.register] = markUnsafe(withoutInternalKeys(execution.result));
  if (status !== 'failed' && status !== 'unreachable' && status !== 'skipped') applyEffects(oc, host, execution);
  // `notify` is inherited from enclosing blocks (the task's own list wins), as in ansible-core.
  if (status === 'changed') for (const topic of inherited(chain, 'notify') ?? []) host.notified.add(topic);
  if (status === 'failed' && !ignored) host.lastFailure = { task: { name: oc.ref.name, step: task.step }, result: execution.result };
  const noLog = keywordFlag(inherited(chain, 'no_log'), oc.scope);
  recordResult(oc.play.run, oc.ref, host, execution, {
    ignored,
    rescuing: oc.rescuable,
    noLog,
    startedAt: oc.startedAt,
    ...(noLog ? { hide: noLogSecrets(oc.play.run.secrets, task, oc.scope, execution.result) } : {}),
  });
}

/** How to count and show a result. */
export interface RecordOptions {
  ignored: boolean;
  rescuing: boolean;
  noLog: boolean;
  /** Under `noLog`, what the kept message must not show (default: the run's secrets). */
  hide?: readonly string[];
  startedAt: number;
  /** Shown but not counted in the recap (a looped include's own result: Ansible counts its included files). */
  uncounted?: boolean;
}

/** Counts a result in the recap, updates the host's failed/unreachable state, and emits it. */
export function recordResult(run: RunContext, ref: TaskRef, host: HostState, execution: Execution, options: RecordOptions): void {
  const { status } = execution;
  if (!options.uncounted) run.stats.count(host.name, { status, ignored: options.ignored, rescuing: options.rescuing });
  if (status === 'failed' && options.ignored && execution.result.changed === true) run.stats.countChangedToo(host.name);
  if (status === 'failed' && !options.ignored) host.failed = true;
  if (status === 'unreachable' && !options.ignored) host.unreachable = true;
  run.emit({
    kind: 'host_result',
    task: ref,
    host: host.name,
    status,
    ignored: options.ignored,
    result: options.noLog ? censorResult(execution.result, options.hide ?? run.secrets) : execution.result,
    ...(options.rescuing && status === 'failed' && !options.ignored ? { rescued: true } : {}),
    ...(execution.delegatedTo ? { delegatedTo: execution.delegatedTo } : {}),
    durationMs: Date.now() - options.startedAt,
  });
}

function applyEffects(oc: OutcomeContext, host: HostState, execution: Execution): void {
  const step = execution.step;
  if (!step) return;
  if (step.facts) Object.assign(host.setFacts, step.facts);
  if (step.includedVars) Object.assign(host.includedVars, step.includedVars);
  // Ansible's fact cache (memory by default) makes cacheable facts host facts too.
  if (step.facts && step.factsCacheable) Object.assign(host.facts, step.facts);
  if (step.records) {
    const table = (oc.play.run.records[step.records.table] ??= []);
    table.push(...step.records.rows);
    oc.play.run.emit({
      kind: 'records',
      table: step.records.table,
      host: host.name,
      rows: step.records.rows,
      ...(step.records.columns ? { columns: step.records.columns } : {}),
      ...(step.records.sortBy ? { sortBy: step.records.sortBy } : {}),
    });
  }
  if (step.meta === 'end_host') host.ended = true;
}

function withoutInternalKeys(result: Record<string, unknown>): Record<string, unknown> {
  return Object.keys(result).some((k) => k.startsWith('_ansible_'))
    ? Object.fromEntries(Object.entries(result).filter(([k]) => !k.startsWith('_ansible_')))
    : result;
}
