/**
 * The static undefined-variable check: a template that reads a variable which no inventory
 * host, play, vars file, `register`, `set_fact`, `include_vars name:`, loop or extra var defines anywhere is a load
 * problem naming the variable and the task's place. Names read under a guard (`is defined`,
 * `default`) are fine. Variables that exist only for some hosts are the run's business.
 */
import type { ProblemList } from '../errors/problem.js';
import { didYouMean } from '../errors/suggest.js';
import { UnsafeText } from '../python/unsafe-text.js';
import { referencedVariables } from '../template/free-names.js';
import { walkTasks } from './check-handlers.js';
import { EXPRESSION_KEYWORDS } from './keywords.js';
import { isMagicName } from './magic-variables.js';
import type { Play, Playbook, Role, TaskNode } from './model.js';

/** Names defined outside the playbook: every inventory host's vars and the extra vars. */
export interface OutsideNames {
  inventory: Iterable<string>;
  extraVars: Iterable<string>;
}

/** Reports every variable that is read somewhere and defined nowhere. */
export function checkUndefinedVariables(
  playbook: Playbook,
  outside: OutsideNames,
  problems: ProblemList,
  quote: (file: string, line: number) => string | undefined,
): void {
  const defined = new Set<string>([...outside.inventory, ...outside.extraVars]);
  for (const play of playbook.plays) collectDefinitions(play, defined);
  // `include_vars` without `name` may define anything, from its play on (its variables outlive the play).
  const openFrom = playbook.plays.findIndex((play) => allTasks(play).some(includesAnyVars));
  for (const [index, play] of playbook.plays.entries()) {
    if (openFrom !== -1 && index >= openFrom) continue;
    // A vars file chosen at run time may define anything; the run reports what is missing.
    if (play.varsFiles.some((f) => !f.vars)) continue;
    for (const task of liveTasks(play)) {
      const local = taskLocalNames(task);
      for (const [text, kind, pos] of templatedTexts(task)) {
        for (const name of referencedVariables(text, { kind })) {
          if (defined.has(name) || local.has(name) || isMagicName(name)) continue;
          const hint =
            didYouMean(name, [...defined, ...local]) ??
            "define it in the inventory, under the play's `vars:`, with `-e`, or guard it with `| default(…)`";
          problems.add({
            code: 'UNDEFINED_VARIABLE',
            message: `\`${name}\` is not defined anywhere`,
            pos,
            sourceLine: quote(pos.file, pos.line) ?? '',
            hint,
          });
        }
      }
    }
  }
}

function allTasks(play: Play): TaskNode[] {
  return [play.preTasks, play.tasks, play.postTasks, play.handlers].flatMap((list) => [...walkTasks(list)]);
}

/**
 * The tasks whose templates may ever be rendered: a task (or block) whose `when` is literally
 * false never renders its arguments, or anything inside it, as in Ansible.
 */
function liveTasks(play: Play): TaskNode[] {
  const out: TaskNode[] = [];
  const visit = (tasks: readonly TaskNode[]): void => {
    for (const task of tasks) {
      if (neverRuns(task)) continue;
      out.push(task);
      if (task.kind === 'block') [task.block, task.rescue, task.always].forEach(visit);
      else if (task.kind === 'include' && task.preview) visit(task.preview);
    }
  };
  [play.preTasks, play.tasks, play.postTasks, play.handlers].forEach(visit);
  return out;
}

function neverRuns(task: TaskNode): boolean {
  const when = task.keywords.when;
  const isFalse = (c: unknown) => c === false || (typeof c === 'string' && /^\s*(false|False)\s*$/.test(c));
  return Array.isArray(when) ? when.some(isFalse) : isFalse(when);
}

function collectDefinitions(play: Play, defined: Set<string>): void {
  for (const name of Object.keys(play.vars)) defined.add(name);
  for (const file of play.varsFiles) for (const name of Object.keys(file.vars ?? {})) defined.add(name);
  for (const role of play.roles) addRoleNames(role, defined);
  for (const task of allTasks(play)) {
    // A role's defaults, vars and parameters (and its dependencies' and parents') reach its tasks.
    if (task.role) for (const role of [task.role.role, ...task.role.parents]) addRoleNames(role, defined);
    if (task.keywords.register) defined.add(task.keywords.register);
    for (const name of Object.keys(task.keywords.vars ?? {})) defined.add(name);
    // A looped include's loop variables reach the included tasks, like its `vars`.
    if (task.kind === 'include') for (const name of taskLocalNames(task)) defined.add(name);
    if (task.kind === 'step' && task.step === 'include_vars' && typeof task.args.name === 'string') defined.add(task.args.name);
    if (task.kind === 'step' && task.step === 'set_fact') {
      for (const name of Object.keys(task.args)) if (name !== 'cacheable') defined.add(name);
    }
  }
}

function addRoleNames(role: Role, defined: Set<string>): void {
  for (const vars of [role.defaults, role.vars, role.entryVars, role.params]) for (const name of Object.keys(vars)) defined.add(name);
  defined.add('role_name').add('role_path');
  for (const dep of role.dependencies) addRoleNames(dep, defined);
}

function includesAnyVars(task: TaskNode): boolean {
  return task.kind === 'step' && task.step === 'include_vars' && typeof task.args.name !== 'string';
}

/** Loop variables exist only inside their own task. */
function taskLocalNames(task: TaskNode): Set<string> {
  const names = new Set<string>();
  if (task.keywords.loop !== undefined) {
    names.add(task.keywords.loop_control?.loop_var ?? 'item');
    if (task.keywords.loop_control?.index_var) names.add(task.keywords.loop_control.index_var);
    names.add('ansible_loop');
  }
  return names;
}

type Checked = [text: string, kind: 'template' | 'expression', pos: TaskNode['pos']];

/** Every string of a task that will be rendered or evaluated, with where to point. */
function* templatedTexts(task: TaskNode): Generator<Checked> {
  for (const [key, value] of Object.entries(task.keywords)) {
    const pos = task.keywordPos[key] ?? task.pos;
    const kind = EXPRESSION_KEYWORDS.has(key) ? 'expression' : 'template';
    for (const text of strings(value)) yield [text, kind, pos];
  }
  if (task.kind === 'step') {
    // `assert: that:` holds conditions, not templates.
    const args = task.step === 'assert' ? { ...task.args, that: undefined } : task.args;
    for (const text of strings(args)) yield [text, 'template', task.pos];
    if (task.step === 'assert') for (const text of strings(task.args.that)) yield [text, 'expression', task.pos];
  }
  if (task.kind === 'include') yield [task.file, 'template', task.pos];
}

function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (value instanceof UnsafeText || value === null || typeof value !== 'object') return;
  else for (const item of Array.isArray(value) ? value : Object.values(value)) yield* strings(item);
}
