/**
 * Which hosts each play of a loaded playbook targets: its `hosts:` pattern (templated with
 * the play's vars and the extra vars when it holds `{{ }}`), narrowed by `--limit`. Used by
 * `--list-hosts`, and by `run` to check every pattern before anything is contacted.
 */
import type { Problem, ProblemList } from '../../errors/problem.js';
import { limitHosts, selectHosts } from '../../inventory/host-patterns.js';
import type { Inventory } from '../../inventory/inventory.js';
import type { Play } from '../../playbook/model.js';
import { TemplateError, UndefinedVariableError } from '../../template/errors.js';
import { renderTemplate } from '../../template/render.js';

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
export function playHosts(play: Play, inventory: Inventory, allowed: ReadonlySet<string>, extraVars: Record<string, unknown>, problems: ProblemList): PlayHosts {
  const pattern = renderPattern(play, extraVars, problems);
  if (pattern === undefined) return { pattern: play.hosts, hosts: [] };
  const before = problems.items.length;
  const hosts = selectHosts(inventory, pattern, problems);
  for (const problem of problems.items.slice(before)) placeAtPlay(problem, play);
  return { pattern, hosts: hosts.filter((h) => allowed.has(h)) };
}

function renderPattern(play: Play, extraVars: Record<string, unknown>, problems: ProblemList): string | undefined {
  if (!play.hosts.includes('{{') && !play.hosts.includes('{%')) return play.hosts;
  try {
    const rendered = renderTemplate(play.hosts, { ...play.vars, ...extraVars });
    return Array.isArray(rendered) ? rendered.map(String).join(',') : String(rendered);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    const code = error instanceof UndefinedVariableError ? 'UNDEFINED_VARIABLE' : 'TEMPLATE_SYNTAX';
    problems.add({ code, message: `the play's hosts pattern could not be rendered: ${error.message}`, pos: play.pos,
      hint: 'host patterns may use the play\'s vars and -e extra vars only' });
    return undefined;
  }
}

function placeAtPlay(problem: Problem, play: Play): void {
  if (!problem.pos) problem.pos = play.pos;
}
