/**
 * `loop:` over a step task on one host: each item gets its own scope (`item`, or
 * `loop_control.loop_var`), its own `when`, its own execution and event; the registered
 * result is Ansible's `{results: [...], changed, failed, msg}`.
 */

import { censorResult } from '../events/redact.js';
import type { TaskRef } from '../events/run-events.js';
import type { StepTask } from '../playbook/model.js';
import { pythonStr } from '../python/python-values.js';
import { plainData } from '../template/mark-unsafe.js';
import { renderTemplate, renderValue } from '../template/render.js';
import type { Scope } from '../template/scope.js';
import { abortableSleep } from './abortable-sleep.js';
import type { HostState } from './host-state.js';
import { interruptedLoop } from './interrupted-result.js';
import { inherited, type KeywordChain, keywordFlag } from './keyword-chain.js';
import { loopItemsError } from './loop-items.js';
import { noLogSecrets } from './no-log-secrets.js';
import type { PlayRun } from './play-run.js';
import { type Execution, executeOnce, whenHolds } from './task-executor.js';

/** Runs every item; stops early only when the host becomes unreachable. */
export async function runLoop(
  play: PlayRun,
  task: StepTask,
  chain: KeywordChain,
  host: HostState,
  scope: Scope,
  ref: TaskRef,
): Promise<Execution & { items: Execution[] }> {
  const items = renderValue(task.keywords.loop, scope);
  if (!Array.isArray(items)) {
    const msg = loopItemsError(items);
    return { status: 'failed', result: { changed: false, failed: true, msg }, items: [] };
  }
  // Ansible skips a task whose loop is empty (no `when` is evaluated) and says why.
  if (items.length === 0)
    return { status: 'skipped', result: { changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] }, items: [] };
  const control = task.keywords.loop_control ?? {};
  const loopVar = control.loop_var ?? 'item';
  const done: Execution[] = [];
  for (let index = 0; index < items.length; index++) {
    // loop_control.pause: seconds between items (not after the last), cut short by an interrupt.
    if (index > 0 && control.pause) await abortableSleep(control.pause * 1000, play.run.cleanup.haltSignal(host.name));
    // An interrupt stops the items of ordinary work at once (a cleanup's go on: interrupt-cleanup.ts).
    if (!play.run.cleanup.mayGoOn(host.name)) return { ...interruptedLoop(done, items.length), items: done };
    const item = items[index];
    const local: Record<string, unknown> = { [loopVar]: item, ansible_loop_var: loopVar };
    if (control.index_var) local[control.index_var] = index;
    if (control.extended) local.ansible_loop = loopInfo(items, index);
    const itemScope = scope.with(local, 'data');
    const when = whenHolds(chain, itemScope);
    const execution: Execution = when.error
      ? { status: 'failed', result: { changed: false, failed: true, msg: when.error } }
      : when.holds
        ? await executeOnce(play, task, chain, host, itemScope, ref)
        : { status: 'skipped', result: { changed: false, skipped: true, skip_reason: 'Conditional result was False' } };
    const result = { ...execution.result, [loopVar]: plainData(item), ansible_loop_var: loopVar };
    done.push({ ...execution, result });
    // Under no_log an item's result and label are as secret as the task's.
    const hidden = keywordFlag(inherited(chain, 'no_log'), itemScope);
    const label = hidden
      ? 'None'
      : control.label !== undefined
        ? String(plainData(renderTemplate(control.label, itemScope)))
        : pythonStr(plainData(item));
    play.run.emit({
      kind: 'item_result',
      task: ref,
      host: host.name,
      status: execution.status,
      label,
      result: hidden ? censorResult(result, noLogSecrets(play.run.secrets, task, itemScope, execution.result)) : result,
    });
    if (execution.status === 'unreachable') return { ...execution, items: done };
  }
  return { ...aggregate(done), items: done };
}

function aggregate(items: Execution[]): Execution {
  const failed = items.some((i) => i.status === 'failed');
  const changed = items.some((i) => i.status === 'changed' || i.result.changed === true);
  const skipped = items.length > 0 && items.every((i) => i.status === 'skipped');
  const result: Record<string, unknown> = skipped
    ? { changed: false, skipped: true, results: items.map((i) => i.result), msg: 'All items skipped' }
    : { changed, failed, results: items.map((i) => i.result), msg: failed ? 'One or more items failed' : 'All items completed' };
  const status = failed ? 'failed' : skipped ? 'skipped' : changed ? 'changed' : 'ok';
  // set_fact and publish in a loop: every item's facts (later items win) and rows.
  const ran = items.filter((i) => i.step && i.status !== 'skipped' && i.status !== 'failed').map((i) => i.step!);
  const facts = Object.assign({}, ...ran.map((s) => s.facts ?? {})) as Record<string, unknown>;
  const includedVars = Object.assign({}, ...ran.map((s) => s.includedVars ?? {})) as Record<string, unknown>;
  const withRows = ran.filter((s) => s.records);
  const step = {
    changed,
    ...(Object.keys(facts).length ? { facts } : {}),
    ...(ran.some((s) => s.factsCacheable) ? { factsCacheable: true } : {}),
    ...(Object.keys(includedVars).length ? { includedVars } : {}),
    ...(withRows.length ? { records: { ...withRows[0]!.records!, rows: withRows.flatMap((s) => s.records!.rows) } } : {}),
  };
  return { status, result, step };
}

/** `ansible_loop` (`loop_control.extended`) for the item at `index`. */
export function loopInfo(items: unknown[], index: number): Record<string, unknown> {
  return {
    index: index + 1,
    index0: index,
    revindex: items.length - index,
    revindex0: items.length - index - 1,
    first: index === 0,
    last: index === items.length - 1,
    length: items.length,
    previtem: index > 0 ? items[index - 1] : undefined,
    nextitem: items[index + 1],
  };
}
