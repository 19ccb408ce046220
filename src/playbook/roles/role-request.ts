/**
 * What a play or a role asks for when it names a role: a `roles:` entry or a `meta/main.yml`
 * dependency (a name, or a mapping with `role:`/`name:`, keywords and parameters), or the
 * options of an `import_role`/`include_role` task.
 */
import { isScalar, type Pair } from 'yaml';
import type { SourcePosition } from '../../errors/problem.js';
import { stableJson } from '../../validate/stable-json.js';
import { readKeyword } from '../keyword-check.js';
import { EXPRESSION_KEYWORDS, TASK_KEYWORDS } from '../keywords.js';
import { deref, expectMap, type LoadContext, pairsOf, plain } from '../load-context.js';
import type { TaskKeywords } from '../model.js';
import { checkTemplatesIn } from '../template-checks.js';

/** A role asked for, before it is found and loaded. */
export interface RoleRequest {
  name: string;
  /** The node naming the role: problems about the role itself point here. */
  at: unknown;
  /** Keywords that apply to every task of the role (`when`, `tags`, `become`, …). */
  keywords: TaskKeywords;
  keywordPos: Record<string, SourcePosition>;
  /** `vars:` of a `roles:` entry. */
  entryVars: Record<string, unknown>;
  params: Record<string, unknown>;
  from: { tasks?: string; vars?: string; defaults?: string; handlers?: string };
  allowDuplicates?: boolean;
  /** From `import_role`/`include_role` (a separate entry of Ansible's role cache). */
  fromInclude: boolean;
  pos: SourcePosition;
}

/**
 * Keywords a `roles:` entry takes (Ansible's role definition attributes that certbook has);
 * every other key is a role parameter, as in Ansible.
 */
const ENTRY_KEYWORDS = new Set([
  'when',
  'tags',
  'vars',
  'become',
  'become_user',
  'become_method',
  'become_flags',
  'environment',
  'ignore_errors',
  'ignore_unreachable',
  'no_log',
  'check_mode',
  'diff',
  'any_errors_fatal',
  'run_once',
  'delegate_to',
  'remote_user',
  'timeout',
]);

/** Reads a `roles:` entry or a dependency; undefined after recording why it names no role. */
export function readRoleEntry(ctx: LoadContext, node: unknown): RoleRequest | undefined {
  const target = deref(ctx, node);
  const pos = ctx.source.positionOf(target);
  const base = { keywords: {}, keywordPos: {}, entryVars: {}, params: {}, from: {}, fromInclude: false, pos };
  if (isScalar(target) && typeof target.value === 'string' && target.value.trim()) {
    checkTemplatesIn(ctx, target, false);
    return { ...base, name: target.value.trim(), at: target };
  }
  const map = expectMap(ctx, target, 'role entry', 'name the role (`- common`) or write `- role: common` with its keywords and parameters');
  if (!map) return undefined;
  const request: RoleRequest = { ...base, name: '', at: map };
  for (const pair of pairsOf(ctx, map)) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === 'role' || key === 'name') {
      const value = plain(ctx, pair.value);
      if (typeof value !== 'string' || !value.trim()) {
        ctx.problems.add(ctx.source.problemAt(deref(ctx, pair.value) ?? pair.key, 'WRONG_TYPE', `\`${key}\` expects the role's name`));
        return undefined;
      }
      request.name = value.trim();
      request.at = deref(ctx, pair.value);
    } else if (ENTRY_KEYWORDS.has(key)) readEntryKeyword(ctx, request, key, pair);
    else {
      checkTemplatesIn(ctx, pair.value, false);
      request.params[key] = plain(ctx, pair.value);
    }
  }
  if (!request.name) {
    ctx.problems.add(ctx.source.problemAt(map, 'MISSING_KEYWORD', 'this role entry names no role', 'add `role: NAME`'));
    return undefined;
  }
  return request;
}

/** Reads one keyword of a role entry or role task into `request` (checked against its schema). */
export function readEntryKeyword(ctx: LoadContext, request: RoleRequest, key: string, pair: Pair): void {
  const read = readKeyword(ctx, TASK_KEYWORDS[key]!, key, pair);
  if (!read) return;
  checkTemplatesIn(ctx, pair.value, EXPRESSION_KEYWORDS.has(key));
  request.keywordPos[key] = ctx.source.positionOf(deref(ctx, pair.value) ?? pair.key);
  if (key === 'vars') request.entryVars = (read.value ?? {}) as Record<string, unknown>;
  else if (key === 'tags') {
    const list = Array.isArray(read.value) ? read.value : [read.value];
    request.keywords.tags = list
      .flatMap((t) => String(t).split(','))
      .map((t) => t.trim())
      .filter(Boolean);
  } else (request.keywords as Record<string, unknown>)[key] = read.value;
}

/**
 * What makes two uses the same role in a play (Ansible's role cache key): name, parameters,
 * `when`, `tags`, the `*_from` files, `vars:` and whether it came from an include or import.
 */
export function roleKey(request: RoleRequest): string {
  const { name, params, keywords, from, entryVars, fromInclude } = request;
  // Key order does not matter (Ansible hashes a frozenset of the parameters).
  return stableJson([name, params, keywords.when ?? null, keywords.tags ?? null, from, entryVars, fromInclude]);
}
