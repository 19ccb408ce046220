/**
 * Loads a role as ansible-core 2.14 lays one out: its `meta/main.yml` dependencies first (each a
 * role of its own, cycles refused), then `defaults/`, `vars/`, `tasks/` and `handlers/`. The
 * role becomes a block carrying the keywords it was listed with: its dependencies' blocks first,
 * then a block of its own tasks marked with the role; its handlers join the play's.
 */
import { basename, dirname } from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import { deref, type LoadContext, type PlayRoles, pairsOf, plain } from '../load-context.js';
import { loadTaskList } from '../load-task.js';
import type { BlockTask, Role, RoleUse, TaskKeywords, TaskNode } from '../model.js';
import { findRoleFile, findRoleVarsFiles, readRoleSource, readRoleVars, shownPath } from './role-files.js';
import { type RoleRequest, readRoleEntry, roleKey } from './role-request.js';
import { findRole, roleSearchPath } from './role-search.js';

/** A role loaded for one place in a play: its block of tasks and every handler it brings (its dependencies' too). */
export interface LoadedRole {
  role: Role;
  block: BlockTask;
  handlers: TaskNode[];
}

/** Keys of `meta/main.yml` that certbook reads or may ignore (Galaxy's metadata, argument specs). */
const META_KEYS = new Set(['dependencies', 'allow_duplicates', 'galaxy_info', 'argument_specs', 'collections']);

/**
 * Finds and loads the role `request` names, as used inside `parents` (the roles whose
 * dependency this is, or that include it). Undefined after recording why it cannot be loaded.
 */
export function loadRole(ctx: LoadContext, request: RoleRequest, parents: Role[]): LoadedRole | undefined {
  const searchPath = ctx.rolesSearchPath ?? roleSearchPath(dirname(ctx.source.path), []);
  const found = findRole(request.name, searchPath, ctx.playbookDir);
  if ('searched' in found) {
    ctx.problems.add(
      ctx.source.problemAt(
        request.at,
        'ROLE_NOT_FOUND',
        `the role \`${request.name}\` was not found`,
        `looked in ${found.searched.map(shownPath).join(', ')}; add a roles_path with --roles-path or ANSIBLE_ROLES_PATH`,
      ),
    );
    return undefined;
  }
  const stack = ctx.roleStack ?? [];
  if (stack.includes(found.path)) {
    const chain = [...stack.slice(stack.indexOf(found.path)), found.path].map((p) => basename(p)).join(' → ');
    ctx.problems.add(
      ctx.source.problemAt(
        request.at,
        'ROLE_CYCLE',
        `roles depend on each other in a loop: ${chain}`,
        'remove one of the dependencies in the loop from its meta/main.yml',
      ),
    );
    return undefined;
  }
  const role: Role = {
    name: basename(request.name),
    path: found.path,
    key: roleKey(request),
    allowDuplicates: request.allowDuplicates ?? false,
    defaults: {},
    entryVars: request.entryVars,
    vars: {},
    params: request.params,
    dependencies: [],
  };
  const use: RoleUse = { role, parents };
  const inner: LoadContext = { ...ctx, roleStack: [...stack, found.path], role: use, inHandlers: false };
  const depBlocks: BlockTask[] = [];
  const handlers: TaskNode[] = [];
  const meta = readMeta(inner, role, request);
  for (const dep of meta) {
    const loaded = loadRole(dep.ctx, dep.request, [...parents, role]);
    if (!loaded) continue;
    role.dependencies.push(loaded.role);
    depBlocks.push(loaded.block);
    // A dependency's handlers take this role's keywords too (Ansible extends `when` along the dependency chain).
    handlers.push(...loaded.handlers.map((h) => ({ ...h, keywords: withRoleKeywords(request.keywords, h.keywords) })));
  }
  role.defaults = readRoleVars(varsFiles(ctx, request, role, 'defaults', request.from.defaults), ctx.problems);
  role.vars = readRoleVars(varsFiles(ctx, request, role, 'vars', request.from.vars), ctx.problems);
  const tasks = loadRoleTasks(inner, namedFile(ctx, request, role, 'tasks', request.from.tasks), false);
  for (const handler of loadRoleTasks(inner, namedFile(ctx, request, role, 'handlers', request.from.handlers), true)) {
    // A role's handlers take the keywords it was listed with (a `when` skips them too), as in Ansible.
    handlers.push({ ...handler, keywords: withRoleKeywords(request.keywords, handler.keywords), role: use });
  }
  // The role's own tasks are a block of their own: a role that already ran is skipped there,
  // while its dependencies decide for themselves (one allowing duplicates runs again), as in Ansible.
  const own: BlockTask = { kind: 'block', keywords: {}, keywordPos: {}, pos: request.pos, block: tasks, rescue: [], always: [], role: use };
  const block: BlockTask = {
    kind: 'block',
    keywords: request.keywords,
    keywordPos: request.keywordPos,
    pos: request.pos,
    block: [...depBlocks, own],
    rescue: [],
    always: [],
  };
  return { role, block, handlers };
}

/**
 * The handlers of `handlers` whose role has not brought its handlers to the play yet (a role
 * used twice, or a dependency two roles share, brings them once); they are marked as brought.
 */
export function newHandlers(sink: PlayRoles, handlers: readonly TaskNode[]): TaskNode[] {
  const fresh = new Set<string>();
  const out = handlers.filter((h) => {
    const key = h.role?.role.key ?? '';
    if (sink.handlerKeys.has(key) && !fresh.has(key)) return false;
    fresh.add(key);
    return true;
  });
  for (const key of fresh) sink.handlerKeys.add(key);
  return out;
}

/** A handler's keywords under its role's: both `when`s hold, tags add up, the handler's own win otherwise. */
function withRoleKeywords(outer: TaskKeywords, own: TaskKeywords): TaskKeywords {
  const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const when = [...list(outer.when), ...list(own.when)];
  const tags = [...new Set([...(outer.tags ?? []), ...(own.tags ?? [])])];
  return { ...outer, ...own, ...(when.length ? { when } : {}), ...(tags.length ? { tags } : {}) };
}

/** The files of `defaults/` or `vars/` (a file, or a directory of them); a named one that is missing is a problem. */
function varsFiles(ctx: LoadContext, request: RoleRequest, role: Role, sub: string, from: string | undefined): string[] {
  const paths = findRoleVarsFiles(role.path, sub, from);
  if (!paths.length && from !== undefined) namedFile(ctx, request, role, sub, from);
  return paths;
}

/** The role file of `sub` (`main`, or what a `*_from` names); a named one that is missing is a problem. */
function namedFile(ctx: LoadContext, request: RoleRequest, role: Role, sub: string, from: string | undefined): string | undefined {
  const path = findRoleFile(role.path, sub, from);
  if (!path && from !== undefined) {
    ctx.problems.add(
      ctx.source.problemAt(
        request.at,
        'FILE_NOT_FOUND',
        `the role \`${request.name}\` has no ${sub}/${from}`,
        `looked for ${sub}/${from}, .yml, .yaml and .json in ${shownPath(role.path)}`,
      ),
    );
  }
  return path;
}

function loadRoleTasks(ctx: LoadContext, path: string | undefined, handlers: boolean): TaskNode[] {
  if (!path) return [];
  const source = readRoleSource(path, ctx.problems);
  if (!source) return [];
  const child: LoadContext = { ...ctx, source, importStack: [...ctx.importStack, path], inHandlers: handlers };
  return loadTaskList(child, source.doc.contents);
}

/** Reads `meta/main.yml`: `allow_duplicates` onto the role, and the dependencies to load. */
function readMeta(ctx: LoadContext, role: Role, request: RoleRequest): Array<{ ctx: LoadContext; request: RoleRequest }> {
  const path = findRoleFile(role.path, 'meta');
  if (!path) return [];
  const source = readRoleSource(path, ctx.problems);
  if (!source) return [];
  const meta: LoadContext = { ...ctx, source };
  const root = deref(meta, source.doc.contents);
  if (root === null || (isScalar(root) && root.value === null)) return [];
  if (!isMap(root)) {
    ctx.problems.add(
      source.problemAt(
        root,
        'WRONG_TYPE',
        "a role's meta/main.yml must be a mapping",
        'write `dependencies:` and `allow_duplicates:` at its top level',
      ),
    );
    return [];
  }
  const deps: Array<{ ctx: LoadContext; request: RoleRequest }> = [];
  for (const pair of pairsOf(meta, root)) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!META_KEYS.has(key)) {
      ctx.problems.add(
        source.problemAt(
          pair.key,
          'UNKNOWN_KEYWORD',
          `unknown role metadata \`${key}\``,
          "a role's meta/main.yml takes `dependencies`, `allow_duplicates` and `galaxy_info`",
        ),
      );
    } else if (key === 'allow_duplicates') {
      const value = plain(meta, pair.value);
      // An import's or include's own `allow_duplicates` wins over the role's (include_role sets it).
      if (typeof value === 'boolean') role.allowDuplicates = request.allowDuplicates ?? value;
      else
        ctx.problems.add(source.problemAt(deref(meta, pair.value) ?? pair.key, 'WRONG_TYPE', '`allow_duplicates` expects true or false'));
    } else if (key === 'dependencies') {
      const list = deref(meta, pair.value);
      if (list === null || (isScalar(list) && list.value === null)) continue;
      if (!isSeq(list)) {
        ctx.problems.add(source.problemAt(list, 'WRONG_TYPE', '`dependencies` expects a list of roles'));
        continue;
      }
      for (const item of list.items) {
        const request = readRoleEntry(meta, item);
        if (request) deps.push({ ctx: meta, request });
      }
    }
  }
  return deps;
}
