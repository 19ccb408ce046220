/**
 * `include_tasks` with `loop`, as ansible-core 2.14 runs it: each host's items are rendered and
 * each item's `when` decides whether that item includes the file; the file name may use the
 * item. Items that render the same file with the same item, index and label are one run of the
 * file for every host that had them (Ansible's `IncludedFile` equality), in the order they first
 * appear, host by host.
 */
import type { IncludeTask } from '../playbook/model.js';
import { pythonStr } from '../python/python-values.js';
import { TemplateError } from '../template/errors.js';
import { markUnsafe, plainData } from '../template/mark-unsafe.js';
import { renderTemplate, renderValue } from '../template/render.js';
import type { Scope } from '../template/scope.js';
import type { KeywordChain } from './keyword-chain.js';
import { loopItemsError } from './loop-items.js';
import { loopInfo } from './loop-runner.js';
import { type Execution, whenHolds } from './task-executor.js';

/** One item that includes the file on one host. */
export interface IncludedItem {
  /** The file name rendered with the item. */
  file: string;
  /** What `(item=…)` shows: `loop_control.label` rendered, or the item. */
  label: string;
  /** The loop variables the included tasks see (`item` or `loop_var`, `index_var`, `ansible_loop`), as host data. */
  vars: Record<string, unknown>;
}

/** One host's side of a looped include: its result (with `results` per item) and the items that include the file. */
export interface HostIncludeLoop {
  execution: Execution;
  included: IncludedItem[];
  /** Item results to show (skipped and failed items; Ansible does not print an include's ok items). */
  shown: Array<{ status: Execution['status']; label: string; result: Record<string, unknown> }>;
}

/** Renders the loop for one host and decides, item by item, what it includes. */
export function expandIncludeLoop(include: IncludeTask, chain: KeywordChain, scope: Scope): HostIncludeLoop {
  const items = renderValue(include.keywords.loop, scope);
  if (!Array.isArray(items))
    return {
      execution: { status: 'failed', result: { changed: false, failed: true, msg: loopItemsError(items) } },
      included: [],
      shown: [],
    };
  if (items.length === 0)
    return {
      execution: { status: 'skipped', result: { changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] } },
      included: [],
      shown: [],
    };
  const control = include.keywords.loop_control ?? {};
  const loopVar = control.loop_var ?? 'item';
  const results: Record<string, unknown>[] = [];
  const included: IncludedItem[] = [];
  const shown: HostIncludeLoop['shown'] = [];
  items.forEach((item, index) => {
    const vars: Record<string, unknown> = { [loopVar]: item };
    if (control.index_var) vars[control.index_var] = index;
    if (control.extended) vars.ansible_loop = loopInfo(items, index);
    const itemScope = scope.with({ ...vars, ansible_loop_var: loopVar }, 'data');
    const base = { [loopVar]: plainData(item), ansible_loop_var: loopVar };
    const when = whenHolds(chain, itemScope);
    let label = pythonStr(plainData(item));
    let result: Record<string, unknown>;
    let status: Execution['status'] = 'ok';
    try {
      if (control.label !== undefined) label = String(plainData(renderTemplate(control.label, itemScope)));
      if (when.error) throw new TemplateError(when.error);
      if (!when.holds) {
        status = 'skipped';
        result = { changed: false, skipped: true, skip_reason: 'Conditional result was False', ...base };
      } else {
        const file = String(plainData(renderTemplate(include.file, itemScope)));
        // Host data stays data in the included tasks: an item holding `{{` is never rendered again.
        included.push({ file, label, vars: markUnsafe(plainData(vars) as Record<string, unknown>) });
        result = { changed: false, include: file, ...base };
      }
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      status = 'failed';
      result = { changed: false, failed: true, msg: error.message, ...base };
    }
    results.push(result);
    if (status !== 'ok') shown.push({ status, label, result });
  });
  return { execution: aggregate(results), included, shown };
}

/** Groups the hosts' included items into runs of the file: same file, item and label, first-seen order. */
export function groupIncludedItems(
  perHost: ReadonlyArray<{ host: string; included: IncludedItem[] }>,
): Array<IncludedItem & { hosts: string[] }> {
  const runs = new Map<string, IncludedItem & { hosts: string[] }>();
  for (const { host, included } of perHost) {
    for (const item of included) {
      const key = JSON.stringify([item.file, item.label, plainData(item.vars)]);
      const run = runs.get(key);
      if (run) run.hosts.push(host);
      else runs.set(key, { ...item, hosts: [host] });
    }
  }
  return [...runs.values()];
}

function aggregate(results: Record<string, unknown>[]): Execution {
  const failed = results.some((r) => r.failed === true);
  const skipped = results.every((r) => r.skipped === true);
  if (skipped) return { status: 'skipped', result: { changed: false, skipped: true, results, msg: 'All items skipped' } };
  return {
    status: failed ? 'failed' : 'ok',
    result: { changed: false, failed, results, msg: failed ? 'One or more items failed' : 'All items completed' },
  };
}
