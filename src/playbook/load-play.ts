/**
 * One play mapping → a {@link Play}: keywords checked, task sections loaded, vars files read.
 */
import { isScalar, isSeq, type Pair } from 'yaml';
import { didYouMean } from '../errors/suggest.js';
import { findStep } from '../steps/registry.js';
import { checkNotifyTargets } from './check-handlers.js';
import { readKeyword } from './keyword-check.js';
import { PLAY_KEYWORDS, TASK_SECTIONS } from './keywords.js';
import { deref, expectMap, type LoadContext, type PlayRoles, pairsOf, quoteLine } from './load-context.js';
import { loadTaskList } from './load-task.js';
import { loadVarsFiles } from './load-vars-file.js';
import type { Play, PlayKeywords, TaskNode } from './model.js';
import { loadRole, newHandlers } from './roles/load-role.js';
import { readRoleEntry } from './roles/role-request.js';
import { checkTemplatesIn } from './template-checks.js';

const SECTION_FIELD = { pre_tasks: 'preTasks', tasks: 'tasks', post_tasks: 'postTasks', handlers: 'handlers' } as const;

/** Loads one play; undefined when it is not a mapping at all. */
export function loadPlay(ctx: LoadContext, node: unknown): Play | undefined {
  const map = expectMap(ctx, node, 'play', 'a playbook is a list of plays, each with `hosts:` and `tasks:`');
  if (!map) return undefined;
  const play: Play = {
    hosts: '',
    tags: [],
    vars: {},
    varsFiles: [],
    keywords: {},
    preTasks: [],
    tasks: [],
    postTasks: [],
    handlers: [],
    roles: [],
    file: ctx.source.path,
    pos: ctx.source.positionOf(map),
  };
  const playRoles: PlayRoles = { roles: [], handlers: [], handlerKeys: new Set() };
  ctx = { ...ctx, playRoles };
  const roleBlocks: TaskNode[] = [];
  const roleHandlers: TaskNode[] = [];
  let hasHosts = false;
  let handlersLoaded = true;
  for (const pair of pairsOf(ctx, map)) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!PLAY_KEYWORDS[key]) {
      ctx.problems.add(unknownPlayKey(ctx, key, pair));
      continue;
    }
    const read = readKeyword(ctx, PLAY_KEYWORDS[key]!, key, pair);
    if (!read) continue;
    if (key === 'hosts') hasHosts = true;
    const before = ctx.problems.items.length;
    if (key === 'roles') loadPlayRoles(ctx, pair.value, roleBlocks, roleHandlers);
    else applyPlayKey(ctx, play, key, pair, read.value);
    if (key === 'handlers' && ctx.problems.items.length > before) handlersLoaded = false;
  }
  // Roles run first in the `tasks` section (Ansible compiles them ahead of `tasks:`, with no handler
  // flush between), their handlers ahead of the play's, an imported role's after them.
  play.tasks = [...roleBlocks, ...play.tasks];
  play.handlers = [...roleHandlers, ...play.handlers, ...playRoles.handlers];
  play.roles = playRoles.roles;
  // A handler that failed to load would make every `notify` naming it look like a typo.
  if (handlersLoaded) checkNotifyTargets(play, ctx.problems, (pos) => quoteLine(ctx, pos.file, pos.line));
  if (!hasHosts) {
    ctx.problems.add(
      ctx.source.problemAt(
        map,
        'MISSING_KEYWORD',
        `this play${play.name ? ` ("${play.name}")` : ''} has no \`hosts\``,
        'add `hosts: all` or a group or host pattern',
      ),
    );
  }
  return play;
}

function applyPlayKey(ctx: LoadContext, play: Play, key: string, pair: Pair, value: unknown): void {
  if ((TASK_SECTIONS as readonly string[]).includes(key)) {
    const section = key as (typeof TASK_SECTIONS)[number];
    const list: TaskNode[] = loadTaskList({ ...ctx, inHandlers: section === 'handlers' }, pair.value);
    play[SECTION_FIELD[section]] = list;
    return;
  }
  checkTemplatesIn(ctx, pair.value, false);
  switch (key) {
    case 'name':
      play.name = String(value);
      break;
    case 'hosts':
      play.hosts = Array.isArray(value) ? value.join(',') : String(value);
      break;
    case 'tags':
      play.tags = (Array.isArray(value) ? value : [value])
        .flatMap((t) => String(t).split(','))
        .map((t) => t.trim())
        .filter(Boolean);
      break;
    case 'vars':
      play.vars = (value ?? {}) as Record<string, unknown>;
      break;
    case 'vars_files':
      play.varsFiles = loadVarsFiles(ctx, pair.value);
      break;
    case 'serial':
      (play.keywords as Record<string, unknown>).serial = Array.isArray(value) ? value : [value];
      break;
    default:
      (play.keywords as Record<string, unknown>)[key as keyof PlayKeywords] = value;
  }
}

/** Loads each entry of a play's `roles:`. */
function loadPlayRoles(ctx: LoadContext, node: unknown, blocks: TaskNode[], handlers: TaskNode[]): void {
  const list = deref(ctx, node);
  if (!isSeq(list)) return; // the keyword schema already complained
  for (const item of list.items) {
    const request = readRoleEntry(ctx, item);
    const loaded = request && loadRole(ctx, request, []);
    if (!loaded) continue;
    blocks.push(loaded.block);
    ctx.playRoles!.roles.push(loaded.role);
    handlers.push(...newHandlers(ctx.playRoles!, loaded.handlers));
  }
}

/** Ansible play keywords certbook does not take, with what to write instead. */
const ANSIBLE_ONLY_PLAY: Record<string, string> = {
  connection: 'set `ansible_connection` for the hosts in the inventory',
  port: 'set `ansible_port` for the hosts in the inventory',
  throttle: 'limit parallel hosts with `--forks`, or `serial:`',
  order: 'hosts run in inventory order',
  module_defaults: 'write the arguments on each task (YAML merge keys `<<: *defaults` help)',
  gather_subset: 'certbook gathers one fixed, small set of facts',
  gather_timeout: "bound the play's tasks with `timeout:`",
  collections: 'certbook has no collections; steps are named without a prefix',
};

function unknownPlayKey(ctx: LoadContext, key: string, pair: Pair) {
  const ansibleOnly = ANSIBLE_ONLY_PLAY[key];
  if (ansibleOnly)
    return ctx.source.problemAt(pair.key, 'UNKNOWN_KEYWORD', `play keyword \`${key}\` is not supported by certbook`, ansibleOnly);
  if (findStep(key) || key === 'block') {
    return ctx.source.problemAt(
      pair.key,
      'UNKNOWN_KEYWORD',
      `\`${key}\` is a task, not a play keyword`,
      'put it in a task list under `tasks:`',
    );
  }
  return ctx.source.problemAt(
    pair.key,
    'UNKNOWN_KEYWORD',
    `unknown play keyword \`${key}\``,
    didYouMean(key, Object.keys(PLAY_KEYWORDS)) ?? `play keywords are: ${Object.keys(PLAY_KEYWORDS).join(', ')}`,
  );
}
