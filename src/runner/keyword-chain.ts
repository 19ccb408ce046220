/**
 * Keyword inheritance: a task takes keywords from its play and every enclosing block (and
 * `import_tasks`), the innermost winning; `when` conditions all apply; `vars` and `tags`
 * accumulate; `environment` maps merge.
 */
import type { Condition, PlayKeywords, RoleUse, TaskKeywords } from '../playbook/model.js';
import { evaluateCondition } from '../template/condition.js';
import { plainData } from '../template/mark-unsafe.js';
import { renderTemplate } from '../template/render.js';
import type { Scope } from '../template/scope.js';

/** A link of the chain that is no keyword set: the role whose tasks are inside it. */
export interface RoleLink {
  role: RoleUse;
}

/** The keyword sets around a task, outermost (the play) first, the task itself last; role links mark the roles it is in. */
export type KeywordChain = ReadonlyArray<TaskKeywords | PlayKeywords | RoleLink>;

/** The innermost role along the chain (undefined outside roles). */
export function roleOf(chain: KeywordChain): RoleUse | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const link = chain[i] as Partial<RoleLink>;
    if (link.role) return link.role;
  }
  return undefined;
}

/** The links a task adds to the chain: its role (a role's block, or a role's handler) and its keywords. */
export function linksOf(task: { keywords: TaskKeywords; role?: RoleUse }): KeywordChain {
  return task.role ? [{ role: task.role }, task.keywords] : [task.keywords];
}

type AnyKeywords = TaskKeywords & PlayKeywords;

/** The innermost value of `key` along the chain. */
export function inherited<K extends keyof AnyKeywords>(chain: KeywordChain, key: K): AnyKeywords[K] | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const value = (chain[i] as AnyKeywords)[key];
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Every `when` along the chain: all must hold. */
export function conditionsOf(chain: KeywordChain): Condition[] {
  return chain.map((k) => (k as TaskKeywords).when).filter((c): c is Condition => c !== undefined);
}

/** `vars` along the chain, outermost first (each later layer wins). */
export function varsLayersOf(chain: KeywordChain): Record<string, unknown>[] {
  return chain.map((k) => (k as TaskKeywords).vars).filter((v): v is Record<string, unknown> => v !== undefined);
}

/** The `environment` layers along the chain, outermost first (task-environment.ts merges and renders them). */
export function environmentOf(chain: KeywordChain): Array<Record<string, unknown> | string> {
  return chain.map((k) => (k as TaskKeywords).environment).filter((e): e is Record<string, unknown> | string => e !== undefined);
}

/** A text keyword's value (`delegate_to`, `become_user`, …) rendered as the template it may be; absent is undefined. */
export function keywordText(value: unknown, scope: Scope): string | undefined {
  if (value === undefined) return undefined;
  return String(plainData(renderTemplate(String(value), scope)));
}

/** A boolean keyword's value (`ignore_errors`, `no_log`, …), which may be a template; absent is false. */
export function keywordFlag(value: unknown, scope: Scope): boolean {
  if (value === undefined) return false;
  return typeof value === 'boolean' ? value : evaluateCondition(value, scope);
}
