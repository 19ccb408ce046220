/**
 * Loads a playbook file: every play, every task, every imported file, every step argument
 * checked. Problems are collected into the given list; the caller decides when to stop.
 */
import { basename, dirname, relative, resolve } from 'node:path';
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import type { ProblemList } from '../errors/problem.js';
import { describeValue } from '../validate/describe.js';
import { readSource, type SourceFile } from '../yaml/source-file.js';
import { deref, type LoadContext, plain } from './load-context.js';
import { loadPlay } from './load-play.js';
import { loadTaskList } from './load-task.js';
import type { Play, Playbook, Role, RoleUse, TaskNode } from './model.js';
import { roleSearchPath } from './roles/role-search.js';

/** How a playbook is loaded. */
export interface PlaybookLoadOptions {
  /** `roles_path` directories, absolute, in search order (the CLI's `rolesPathOf` splits and resolves them). */
  rolesPath?: readonly string[];
}

/** Loads the playbook at `path`. Undefined only when the file itself could not be read. */
export function loadPlaybook(path: string, problems: ProblemList, options: PlaybookLoadOptions = {}): Playbook | undefined {
  const absolute = resolve(path);
  const plays = loadPlaysFrom(absolute, path, problems, [], options.rolesPath ?? []);
  if (!plays) return undefined;
  return { path, dir: dirname(absolute), plays };
}

/**
 * Loads a task file on its own (for `certbook validate`). A file in a role's `tasks/` or
 * `handlers/` is loaded as part of that role, so the files it names are looked up in the role.
 */
export function loadTaskFile(path: string, problems: ProblemList): TaskNode[] | undefined {
  const absolute = resolve(path);
  const source = readSource(absolute, problems, path);
  if (!source || source.toJS(problems) === undefined) return undefined;
  const ctx = context(source, problems, dirname(absolute), [absolute]);
  const role = enclosingRole(absolute);
  return loadTaskList(role ? { ...ctx, role, inHandlers: basename(dirname(absolute)) === 'handlers' } : ctx, source.doc.contents);
}

/** The role a task file belongs to, judged by its place (`ROLE/tasks/FILE`, `ROLE/handlers/FILE`). */
function enclosingRole(file: string): RoleUse | undefined {
  if (!['tasks', 'handlers'].includes(basename(dirname(file)))) return undefined;
  const path = dirname(dirname(file));
  const role: Role = {
    name: basename(path),
    path,
    key: path,
    allowDuplicates: false,
    defaults: {},
    entryVars: {},
    vars: {},
    params: {},
    dependencies: [],
  };
  return { role, parents: [] };
}

/** Loads the plays of one playbook file; its roles are found beside it first (an imported playbook's beside itself, as in Ansible). */
function loadPlaysFrom(
  absolute: string,
  shownAs: string,
  problems: ProblemList,
  stack: string[],
  rolesPath: readonly string[],
): Play[] | undefined {
  const source = readSource(absolute, problems, shownAs);
  if (!source || source.toJS(problems) === undefined) return undefined;
  const root = source.doc.contents;
  if (!isSeq(root)) {
    const value = plain({ source } as LoadContext, root);
    problems.add(
      source.problemAt(
        root,
        'WRONG_TYPE',
        `a playbook must be a list of plays, got ${describeValue(value)}`,
        isMap(root)
          ? 'start the play with `- hosts: …` (a dash makes it a list item)'
          : 'a playbook looks like `- hosts: all` followed by `tasks:`',
      ),
    );
    return undefined;
  }
  const ctx: LoadContext = {
    ...context(source, problems, dirname(absolute), [...stack, absolute]),
    rolesPath,
    rolesSearchPath: roleSearchPath(dirname(absolute), rolesPath),
  };
  const plays: Play[] = [];
  for (const item of root.items) {
    const node = deref(ctx, item);
    if (isMap(node) && node.has('import_playbook')) {
      plays.push(...importPlaybook(ctx, node));
      continue;
    }
    const play = loadPlay(ctx, node);
    if (play) plays.push(play);
  }
  return plays;
}

function importPlaybook(ctx: LoadContext, node: YAMLMap): Play[] {
  const valueNode = deref(ctx, node.get('import_playbook', true));
  const extra = node.items.find((p) => !isScalar(p.key) || p.key.value !== 'import_playbook');
  if (extra) {
    ctx.problems.add(
      ctx.source.problemAt(
        extra.key,
        'UNKNOWN_KEYWORD',
        '`import_playbook` takes no other keywords in certbook',
        'move them into the imported plays',
      ),
    );
  }
  const name = plain(ctx, valueNode);
  if (typeof name !== 'string' || name.includes('{{')) {
    ctx.problems.add(ctx.source.problemAt(valueNode ?? node, 'INVALID_VALUE', '`import_playbook` expects a static file name'));
    return [];
  }
  const target = resolve(ctx.playbookDir, name);
  if (ctx.importStack.includes(target)) {
    ctx.problems.add(
      ctx.source.problemAt(valueNode, 'INCLUDE_CYCLE', `\`${name}\` imports itself`, 'remove one of the imports in the loop'),
    );
    return [];
  }
  const before = ctx.problems.items.length;
  const plays = loadPlaysFrom(target, relative(process.cwd(), target) || name, ctx.problems, [...ctx.importStack], ctx.rolesPath ?? []);
  const missing = ctx.problems.items.slice(before).find((p) => p.code === 'FILE_NOT_FOUND' && !p.pos);
  if (missing) Object.assign(missing, ctx.source.problemAt(valueNode, 'FILE_NOT_FOUND', `playbook \`${name}\` does not exist`));
  return plays ?? [];
}

function context(source: SourceFile, problems: ProblemList, playbookDir: string, importStack: string[]): LoadContext {
  return { source, problems, playbookDir, importStack, inHandlers: false };
}
