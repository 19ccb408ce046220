/**
 * `import_role` (static: the role is loaded now and its tasks become a block, as `import_tasks`)
 * and `include_role` (dynamic: loaded when reached, its `loop` as `include_tasks` has it; a static
 * name is still loaded now, so everything in the role is checked before connecting).
 */
import { dirname, resolve } from 'node:path';
import { isScalar, type Pair } from 'yaml';
import type { SourcePosition } from '../../errors/problem.js';
import { deref, expectMap, type LoadContext, pairsOf, plain } from '../load-context.js';
import type { BlockTask, IncludeTask, Role, RoleOptions, TaskKeywords } from '../model.js';
import { checkTemplatesIn } from '../template-checks.js';
import { loadRole, newHandlers } from './load-role.js';
import type { RoleRequest } from './role-request.js';
import { roleSearchPath } from './role-search.js';

interface TaskBase {
  name?: string;
  keywords: TaskKeywords;
  keywordPos: Record<string, SourcePosition>;
  pos: SourcePosition;
}

/** The options `import_role`/`include_role` take, with the type each expects. */
const OPTIONS: Record<string, 'string' | 'boolean'> = {
  name: 'string',
  tasks_from: 'string',
  vars_from: 'string',
  defaults_from: 'string',
  handlers_from: 'string',
  allow_duplicates: 'boolean',
  public: 'boolean',
};

/** Options of Ansible's that certbook does not take, with what to do instead. */
const LEFT_OUT: Record<string, string> = {
  apply: "put the keywords on the role's tasks, or use `import_role` (its keywords apply to every task)",
  rolespec_validate: 'certbook does not read `meta/argument_specs.yml`; check arguments with an `assert` task',
};

/** Loads an `import_role:`/`include_role:` task from its pair. */
export function loadRoleTask(ctx: LoadContext, pair: Pair, base: TaskBase): BlockTask | IncludeTask | undefined {
  const kind = isScalar(pair.key) ? String(pair.key.value) : 'import_role';
  const read = readOptions(ctx, kind, pair);
  if (!read) return undefined;
  const { name, options, at } = read;
  const params = base.keywords.vars ?? {};
  const searchPath = ctx.rolesSearchPath ?? roleSearchPath(dirname(resolve(ctx.source.path)), []);
  const parents: Role[] = ctx.role ? [...ctx.role.parents, ctx.role.role] : [];
  const request = roleRequest(name, at, base, options, params);
  if (kind === 'include_role') {
    const includeRole: RoleOptions = { ...fromOptions(options), params, searchPath: [...searchPath] };
    // A role or file named by a template is known only when the include runs.
    const templated = [name, options.tasks_from, options.vars_from, options.defaults_from, options.handlers_from].some(
      (v) => typeof v === 'string' && v.includes('{{'),
    );
    const loaded = templated ? undefined : loadRole(ctx, request, parents);
    // The preview's handlers are in the play from the start, so `notify` naming them is checked now.
    if (loaded && ctx.playRoles) ctx.playRoles.handlers.push(...newHandlers(ctx.playRoles, loaded.handlers));
    return {
      kind: 'include',
      ...base,
      file: name,
      baseDir: dirname(resolve(ctx.source.path)),
      includeRole,
      ...(loaded ? { preview: [{ ...loaded.block, keywords: {}, keywordPos: {} }] } : {}),
    };
  }
  if (name.includes('{{')) {
    ctx.problems.add(
      ctx.source.problemAt(
        at,
        'INVALID_VALUE',
        '`import_role` is read before the run, so its role name cannot be a template',
        'use `include_role:` for a role chosen at run time',
      ),
    );
    return undefined;
  }
  const loaded = loadRole(ctx, request, parents);
  if (!loaded) return undefined;
  if (ctx.playRoles) {
    ctx.playRoles.roles.push(loaded.role);
    ctx.playRoles.handlers.push(...newHandlers(ctx.playRoles, loaded.handlers));
  }
  return { ...loaded.block, ...(base.name !== undefined ? { name: base.name } : {}) };
}

/** The request an `import_role`/`include_role` makes (also used when an include is loaded at run time). */
export function roleRequest(
  name: string,
  at: unknown,
  base: TaskBase,
  options: Record<string, unknown>,
  params: Record<string, unknown>,
): RoleRequest {
  const { vars: _vars, ...keywords } = base.keywords;
  const from = fromOptions(options);
  return {
    name,
    at,
    keywords,
    keywordPos: base.keywordPos,
    entryVars: {},
    params,
    pos: base.pos,
    fromInclude: true,
    from: {
      ...(from.tasksFrom ? { tasks: from.tasksFrom } : {}),
      ...(from.varsFrom ? { vars: from.varsFrom } : {}),
      ...(from.defaultsFrom ? { defaults: from.defaultsFrom } : {}),
      ...(from.handlersFrom ? { handlers: from.handlersFrom } : {}),
    },
    // include_role and import_role run a role again by default (ansible-core 2.14's IncludeRole default).
    allowDuplicates: from.allowDuplicates ?? true,
  };
}

/** The `*_from`, `allow_duplicates` and `public` options as a {@link RoleOptions} part. */
function fromOptions(options: Record<string, unknown>): Omit<RoleOptions, 'params' | 'searchPath'> {
  const pick = (key: string) => options[key] as string | undefined;
  return {
    ...(pick('tasks_from') !== undefined ? { tasksFrom: pick('tasks_from')! } : {}),
    ...(pick('vars_from') !== undefined ? { varsFrom: pick('vars_from')! } : {}),
    ...(pick('defaults_from') !== undefined ? { defaultsFrom: pick('defaults_from')! } : {}),
    ...(pick('handlers_from') !== undefined ? { handlersFrom: pick('handlers_from')! } : {}),
    ...(typeof options.allow_duplicates === 'boolean' ? { allowDuplicates: options.allow_duplicates } : {}),
    ...(typeof options.public === 'boolean' ? { public: options.public } : {}),
  };
}

/** Reads and checks the options mapping; undefined after recording what is wrong. */
function readOptions(
  ctx: LoadContext,
  kind: string,
  pair: Pair,
): { name: string; options: Record<string, unknown>; at: unknown } | undefined {
  const map = expectMap(ctx, pair.value, `\`${kind}\``, `write \`${kind}:\` followed by \`name: ROLE\` on the next line, indented`);
  if (!map) return undefined;
  const options: Record<string, unknown> = {};
  let at: unknown = map;
  let ok = true;
  for (const option of pairsOf(ctx, map)) {
    const key = isScalar(option.key) ? String(option.key.value) : '';
    const value = plain(ctx, option.value);
    const expected = OPTIONS[key];
    if (!expected) {
      ok = false;
      ctx.problems.add(
        ctx.source.problemAt(
          option.key,
          'UNKNOWN_ARGUMENT',
          LEFT_OUT[key] ? `\`${kind}\`'s \`${key}\` is not supported by certbook` : `\`${kind}\` takes no \`${key}\``,
          LEFT_OUT[key] ??
            `it takes ${Object.keys(OPTIONS)
              .map((k) => `\`${k}\``)
              .join(', ')}`,
        ),
      );
    } else if (typeof value !== expected || (expected === 'string' && !String(value).trim())) {
      ok = false;
      ctx.problems.add(
        ctx.source.problemAt(
          deref(ctx, option.value) ?? option.key,
          'WRONG_TYPE',
          `\`${key}\` expects ${expected === 'string' ? 'a file or role name' : 'true or false'}`,
        ),
      );
    } else {
      options[key] = value;
      if (key === 'name') at = deref(ctx, option.value);
      if (expected === 'string') checkTemplatesIn(ctx, option.value, false);
    }
  }
  if (typeof options.name !== 'string') {
    if (ok)
      ctx.problems.add(
        ctx.source.problemAt(map, 'MISSING_ARGUMENT', `\`${kind}\` needs the role's \`name\``, `write \`name: ROLE\` under \`${kind}:\``),
      );
    return undefined;
  }
  return ok ? { name: (options.name as string).trim(), options, at } : undefined;
}
