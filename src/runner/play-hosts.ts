/**
 * Which hosts each play of a loaded playbook targets: its `hosts:` pattern (templated with
 * the play's vars and vars files, the extra vars and `groups` when it holds `{{ }}`), narrowed
 * by `--limit`. Used by
 * `--list-hosts`, and by `run` to check every pattern before anything is contacted.
 */
import type { Problem, ProblemList } from '../errors/problem.js';
import { limitHosts, selectHosts } from '../inventory/host-patterns.js';
import type { Inventory } from '../inventory/inventory.js';
import type { Play } from '../playbook/model.js';
import { TemplateError, UndefinedVariableError } from '../template/errors.js';
import { plainData } from '../template/mark-unsafe.js';
import { renderTemplate } from '../template/render.js';
import { Scope } from '../template/scope.js';

/** One play's resolved pattern and hosts. */
export interface PlayHosts {
  /** The pattern after templating. */
  pattern: string;
  hosts: string[];
}

/** Hosts allowed by `--limit` (every host when there is no limit). */
export function limitedHosts(inventory: Inventory, limit: readonly string[], problems: ProblemList, cwd: string): Set<string> {
  const all = inventory.hostNames();
  if (limit.length === 0) return new Set(all);
  return new Set(limitHosts(all, limit.join(','), inventory, problems, { cwd }));
}

/** The hosts of one play; problems point at the play. */
export function playHosts(
  play: Play,
  inventory: Inventory,
  allowed: ReadonlySet<string>,
  extraVars: Record<string, unknown>,
  problems: ProblemList,
): PlayHosts {
  const pattern = renderPattern(play, inventory, extraVars, problems);
  if (pattern === undefined) return { pattern: play.hosts, hosts: [] };
  // A template that renders an empty list (`{{ groups['agent'] | default([]) }}`) selects
  // nobody on purpose: the play is skipped, as Ansible skips it.
  if (pattern === EMPTY_LIST) return { pattern: '', hosts: [] };
  const before = problems.items.length;
  const hosts = selectHosts(inventory, pattern, problems);
  for (const problem of problems.items.slice(before)) placeAtPlay(problem, play);
  return { pattern, hosts: hosts.filter((h) => allowed.has(h)) };
}

const EMPTY_LIST = Symbol('an empty list of hosts');

/**
 * The pattern with its template rendered, as Ansible renders a play's `hosts`: from the play's
 * vars and static vars files, the extra vars and the inventory's `groups`.
 */
function renderPattern(
  play: Play,
  inventory: Inventory,
  extraVars: Record<string, unknown>,
  problems: ProblemList,
): string | typeof EMPTY_LIST | undefined {
  if (!play.hosts.includes('{{') && !play.hosts.includes('{%')) return play.hosts;
  try {
    let scope = Scope.EMPTY;
    for (const file of play.varsFiles) if (file.vars) scope = scope.with(file.vars, 'template');
    scope = scope.with(play.vars, 'template').with(extraVars, 'template').with({ groups: inventory.groupsMagicVar() }, 'data');
    const rendered = plainData(renderTemplate(play.hosts, scope));
    if (Array.isArray(rendered) && rendered.length === 0) return EMPTY_LIST;
    return Array.isArray(rendered) ? rendered.map(String).join(',') : String(rendered);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    const code = error instanceof UndefinedVariableError ? 'UNDEFINED_VARIABLE' : 'TEMPLATE_SYNTAX';
    problems.add({
      code,
      message: `the play's hosts pattern could not be rendered: ${error.message}`,
      pos: play.pos,
      hint: "host patterns may use the play's vars and vars files, -e extra vars and `groups` only",
    });
    return undefined;
  }
}

function placeAtPlay(problem: Problem, play: Play): void {
  if (!problem.pos) problem.pos = play.pos;
}
