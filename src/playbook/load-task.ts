/**
 * One task mapping → a step task, a block, or an import/include. Every key is accounted for:
 * a keyword (checked against its schema), the step (checked against the step's schema), or a
 * problem. Nothing unknown is ever ignored.
 */
import { isScalar, isSeq, type Pair } from 'yaml';
import type { SourcePosition } from '../errors/problem.js';
import { findStep } from '../steps/registry.js';
import { describeValue } from '../validate/describe.js';
import { readKeyword } from './keyword-check.js';
import {
  EXPRESSION_KEYWORDS,
  HANDLER_ONLY_KEYWORDS,
  INCLUDE_KEYWORDS,
  NOT_ON_BLOCK,
  STRUCTURAL_KEYWORDS,
  TASK_KEYWORDS,
} from './keywords.js';
import { deref, expectMap, type LoadContext, pairsOf, plain } from './load-context.js';
import { loadImport } from './load-import.js';
import type { BlockTask, TaskKeywords, TaskNode } from './model.js';
import { loadStepArgs } from './step-args.js';
import { checkTemplatesIn } from './template-checks.js';
import { unknownTaskKey } from './unknown-key.js';

/** What the keys of one task mapping turned out to be. */
interface SortedKeys {
  name?: string;
  keywords: TaskKeywords;
  keywordPos: Record<string, SourcePosition>;
  structural: Map<string, Pair>;
  step?: { name: string; pair: Pair };
  /** Each keyword's key node, to point problems at. */
  keyNodes: Record<string, unknown>;
  /** A key was already reported as unknown: "has no step" would only repeat it. */
  reportedUnknown?: boolean;
  argsNode?: unknown;
}

/** Loads every item of a task list; items with problems are left out (the problems are kept). */
export function loadTaskList(ctx: LoadContext, node: unknown): TaskNode[] {
  const list = deref(ctx, node);
  if (list === null || list === undefined || (isScalar(list) && list.value === null)) return [];
  if (!isSeq(list)) {
    ctx.problems.add(
      ctx.source.problemAt(
        list,
        'WRONG_TYPE',
        `expected a list of tasks, got ${describeValue(plain(ctx, list))}`,
        'each task starts with `- ` on its own line',
      ),
    );
    return [];
  }
  const tasks: TaskNode[] = [];
  for (const item of list.items) {
    const task = loadTask(ctx, item);
    if (task) tasks.push(task);
  }
  return tasks;
}

/** Loads one task; undefined when it is too broken to represent. */
export function loadTask(ctx: LoadContext, node: unknown): TaskNode | undefined {
  const map = expectMap(ctx, node, 'task', 'write a task as `- name: …` followed by its step, e.g. `shell: …`');
  if (!map) return undefined;
  const keys = sortKeys(ctx, pairsOf(ctx, map));
  const pos = ctx.source.positionOf(map);
  const base = { ...(keys.name !== undefined ? { name: keys.name } : {}), keywords: keys.keywords, keywordPos: keys.keywordPos, pos };
  const kinds = [keys.step ? 'step' : '', ...['block', 'import_tasks', 'include_tasks'].filter((k) => keys.structural.has(k))].filter(
    Boolean,
  );
  if (kinds.length > 1) {
    const second = keys.structural.get(kinds[1]!)?.key ?? map;
    ctx.problems.add(
      ctx.source.problemAt(
        second,
        'MULTIPLE_STEPS',
        `a task can do one thing; this one has ${kinds.map((k) => (k === 'step' ? `\`${keys.step!.name}\`` : `\`${k}\``)).join(' and ')}`,
        'split it into separate tasks',
      ),
    );
    return undefined;
  }
  for (const orphan of ['rescue', 'always']) {
    const pair = keys.structural.get(orphan);
    if (pair && !keys.structural.has('block')) {
      keys.reportedUnknown = true;
      ctx.problems.add(
        ctx.source.problemAt(
          pair.key,
          'MISSING_KEYWORD',
          `\`${orphan}\` needs a \`block\` in the same task`,
          'indent the tasks it protects under `block:`',
        ),
      );
    }
  }
  if (keys.structural.has('block')) {
    refuseKeywords(ctx, keys, (k) => (NOT_ON_BLOCK[k] === undefined ? undefined : [`\`${k}\` is not valid on a block`, NOT_ON_BLOCK[k]!]));
    return loadBlock(ctx, keys, base);
  }
  if (keys.structural.has('include_tasks')) {
    refuseKeywords(ctx, keys, (k) =>
      INCLUDE_KEYWORDS.has(k)
        ? undefined
        : [
            `\`${k}\` is not valid on \`include_tasks\``,
            'only `when`, `tags`, `vars`, `ignore_errors` and `loop` apply to an include; put it on the included tasks, or use `import_tasks:` (its keywords apply to every imported task)',
          ],
    );
  }
  const imported = keys.structural.get('import_tasks') ?? keys.structural.get('include_tasks');
  if (imported) return loadImport(ctx, imported, base);
  if (!keys.step) {
    if (keys.reportedUnknown) return undefined;
    ctx.problems.add(
      ctx.source.problemAt(
        map,
        'NO_STEP',
        `this task${keys.name ? ` ("${keys.name}")` : ''} has no step`,
        'add a step such as `shell: …`, or a `block:`; `certbook steps` lists every step',
      ),
    );
    return undefined;
  }
  // ansible-core 2.14 ignores retries/delay without until: a task that looks retried but is not.
  refuseKeywords(ctx, keys, (k) =>
    (k === 'retries' || k === 'delay') && keys.keywords.until === undefined
      ? [
          `\`${k}\` does nothing without \`until\``,
          'add `register: result` and `until: result is succeeded` to retry the step until it succeeds',
        ]
      : undefined,
  );
  const step = findStep(keys.step.name)!;
  const args = loadStepArgs(ctx, step, { stepKeyNode: keys.step.pair.key, stepValueNode: keys.step.pair.value, argsNode: keys.argsNode });
  checkTemplatesIn(ctx, keys.step.pair.value, false);
  if (!args) return undefined;
  return { kind: 'step', ...base, step: step.name, args };
}

/** Records a problem for every keyword `verdict` refuses (message and hint). */
function refuseKeywords(ctx: LoadContext, keys: SortedKeys, verdict: (key: string) => [string, string] | undefined): void {
  for (const key of Object.keys(keys.keyNodes)) {
    const refused = verdict(key);
    if (refused) ctx.problems.add(ctx.source.problemAt(keys.keyNodes[key], 'UNKNOWN_KEYWORD', refused[0], refused[1]));
  }
}

function loadBlock(ctx: LoadContext, keys: SortedKeys, base: Omit<BlockTask, 'kind' | 'block' | 'rescue' | 'always'>): BlockTask {
  const section = (name: string): TaskNode[] => {
    const pair = keys.structural.get(name);
    return pair ? loadTaskList(ctx, pair.value) : [];
  };
  return { kind: 'block', ...base, block: section('block'), rescue: section('rescue'), always: section('always') };
}

function sortKeys(ctx: LoadContext, pairs: Pair[]): SortedKeys {
  const sorted: SortedKeys = { keywords: {}, keywordPos: {}, keyNodes: {}, structural: new Map() };
  const hasStep = pairs.some((p) => isScalar(p.key) && findStep(String(p.key.value)));
  for (const pair of pairs) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) {
      ctx.problems.add(ctx.source.problemAt(pair.key, 'WRONG_TYPE', 'task keys must be plain names'));
      continue;
    }
    if (key === 'args') sorted.argsNode = pair.value;
    if (TASK_KEYWORDS[key]) {
      sorted.keyNodes[key] = pair.key;
      sortKeyword(ctx, sorted, key, pair);
    } else if (findStep(key)) {
      if (sorted.step) {
        ctx.problems.add(
          ctx.source.problemAt(
            pair.key,
            'MULTIPLE_STEPS',
            `a task runs one step; this one has \`${sorted.step.name}\` and \`${key}\``,
            'split it into two tasks',
          ),
        );
      } else sorted.step = { name: key, pair };
    } else {
      ctx.problems.add(unknownTaskKey(ctx, key, pair.key, hasStep));
      sorted.reportedUnknown = true;
    }
  }
  return sorted;
}

function sortKeyword(ctx: LoadContext, sorted: SortedKeys, key: string, pair: Pair): void {
  if (HANDLER_ONLY_KEYWORDS.has(key) && !ctx.inHandlers) {
    ctx.problems.add(
      ctx.source.problemAt(
        pair.key,
        'UNKNOWN_KEYWORD',
        `\`${key}\` is only allowed on handlers`,
        "move this task under the play's `handlers:`",
      ),
    );
    return;
  }
  if (STRUCTURAL_KEYWORDS.has(key)) {
    sorted.structural.set(key, pair);
    return;
  }
  const read = readKeyword(ctx, TASK_KEYWORDS[key]!, key, pair);
  if (!read) return;
  const value = read.value;
  checkTemplatesIn(ctx, pair.value, EXPRESSION_KEYWORDS.has(key));
  sorted.keywordPos[key] = ctx.source.positionOf(deref(ctx, pair.value) ?? pair.key);
  if (key === 'name') sorted.name = String(value);
  else if (key !== 'args') (sorted.keywords as Record<string, unknown>)[key] = normalizeKeyword(key, value);
}

/** Lists that Ansible also accepts as one string. Tags additionally split on commas. */
function normalizeKeyword(key: string, value: unknown): unknown {
  if (key === 'tags')
    return toList(value)
      .flatMap((t) => t.split(','))
      .map((t) => t.trim())
      .filter(Boolean);
  if (key === 'notify' || key === 'listen') return toList(value);
  return value;
}

function toList(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map(String);
}
