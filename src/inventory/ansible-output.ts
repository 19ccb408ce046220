/**
 * What `ansible-inventory` prints, reproduced from ansible-core 2.14's `cli/inventory.py`:
 *
 * - `--list`: every group reachable from `all` with its direct `hosts` and `children` (empty
 *   ones left out, and a group with neither left out entirely, though its parent still lists
 *   it), `all` without hosts, and `_meta.hostvars` with each host's merged variables (hosts
 *   without variables left out);
 * - `--host NAME`: that host's merged variables;
 * - `--graph [GROUP] [--vars]`: the `@all:` tree, child groups before hosts, `  |--` per level.
 *
 * Variables Ansible computes itself (`inventory_hostname`, `group_names`, …) are left out, as
 * there. The functions return data or text; printing (and the trailing newline Ansible's
 * display adds) is the caller's job.
 */

import { ProblemList } from '../errors/problem.js';
import { didYouMean } from '../errors/suggest.js';
import { compareCodePoints } from '../python/python-text.js';
import { pythonJson, pythonStr } from '../python/python-values.js';
import { evaluatePatterns, selectHosts } from './host-patterns.js';
import type { Inventory } from './inventory.js';
import { setOwn } from './merge-vars.js';

/** Variables `ansible-inventory` never shows (its `INTERNAL_VARS`). */
export const INTERNAL_VARS: ReadonlySet<string> = new Set([
  'ansible_diff_mode',
  'ansible_config_file',
  'ansible_facts',
  'ansible_forks',
  'ansible_inventory_sources',
  'ansible_limit',
  'ansible_playbook_python',
  'ansible_run_tags',
  'ansible_skip_tags',
  'ansible_verbosity',
  'ansible_version',
  'inventory_dir',
  'inventory_file',
  'inventory_hostname',
  'inventory_hostname_short',
  'groups',
  'group_names',
  'omit',
  'playbook_dir',
]);

/**
 * Serialises like `ansible-inventory` does (`json.dumps(obj, sort_keys=True, indent=4,
 * ensure_ascii=False)`), byte for byte. No trailing newline: Ansible's display adds one.
 */
export function formatInventoryJson(value: unknown): string {
  return pythonJson(value, 4, { unsafe: 'marked' });
}

/** A host's variables as `ansible-inventory --host` and `_meta.hostvars` show them. */
export function visibleHostVars(inventory: Inventory, host: string): Record<string, unknown> {
  return withoutInternal(inventory.hostVars(host));
}

function withoutInternal(vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(vars)) if (!INTERNAL_VARS.has(key)) setOwn(out, key, vars[key]);
  return out;
}

/** The `ansible-inventory --list` object. */
export function inventoryList(inventory: Inventory): Record<string, unknown> {
  const results: Record<string, unknown> = {};
  const seen = new Set<string>();
  const formatGroup = (name: string): void => {
    const group = inventory.group(name)!;
    const entry: Record<string, unknown> = {};
    if (name !== 'all' && group.hosts.length > 0) entry.hosts = [...group.hosts];
    if (group.children.length > 0) entry.children = [...group.children];
    // Ansible writes the entry before visiting children, so a child's entry never replaces it.
    if (Object.keys(entry).length > 0) setOwn(results, name, entry);
    for (const child of group.children) {
      if (seen.has(child)) continue;
      formatGroup(child);
      seen.add(child);
    }
  };
  formatGroup('all');
  const hostvars: Record<string, unknown> = {};
  // Ansible lists the hosts of `get_hosts()`, the pattern `all`: a host named `all` is that host alone.
  for (const host of evaluatePatterns(inventory, ['all'], () => undefined)) {
    const vars = visibleHostVars(inventory, host);
    if (Object.keys(vars).length > 0) setOwn(hostvars, host, vars);
  }
  setOwn(results, '_meta', { hostvars });
  return results;
}

/**
 * The `ansible-inventory --host PATTERN` object. Like Ansible, the pattern must select exactly
 * one host; otherwise this records UNKNOWN_HOST and returns undefined.
 */
export function inventoryHost(inventory: Inventory, pattern: string, problems: ProblemList): Record<string, unknown> | undefined {
  const local = new ProblemList();
  const hosts = selectHosts(inventory, pattern, local);
  if (hosts.length !== 1) {
    const hint = didYouMean(pattern, inventory.hostsInDefinitionOrder());
    problems.add({
      code: 'UNKNOWN_HOST',
      message:
        hosts.length === 0
          ? `\`${pattern}\` is not a host of the inventory`
          : `\`${pattern}\` matches ${hosts.length} hosts; --host needs exactly one`,
      ...(hint ? { hint } : {}),
    });
    return undefined;
  }
  return visibleHostVars(inventory, hosts[0]!);
}

/** Options for `inventoryGraph`. */
export interface GraphOptions {
  /** The group to start at (default `all`). */
  group?: string;
  /** Show variables under each host and group (`--vars`). */
  vars?: boolean;
}

/**
 * The `ansible-inventory --graph` text (without a trailing newline). A `group` that does not
 * exist is a BAD_OPTION problem, and the result is undefined.
 */
export function inventoryGraph(inventory: Inventory, options: GraphOptions, problems: ProblemList): string | undefined {
  const start = options.group ?? 'all';
  if (!inventory.hasGroup(start)) {
    const hint = didYouMean(start, inventory.groupNames());
    problems.add({ code: 'BAD_OPTION', message: `--graph needs a group name; \`${start}\` is not a group`, ...(hint ? { hint } : {}) });
    return undefined;
  }
  const lines: string[] = [];
  graphGroup(inventory, start, 0, options.vars === true, lines);
  return lines.join('\n');
}

function graphName(name: string, depth: number): string {
  return depth ? `${'  |'.repeat(depth)}--${name}` : name;
}

function graphVars(vars: Record<string, unknown>, depth: number, lines: string[]): void {
  for (const key of Object.keys(vars).sort(compareCodePoints)) lines.push(graphName(`{${key} = ${pythonStr(vars[key])}}`, depth));
}

function graphGroup(inventory: Inventory, name: string, depth: number, showVars: boolean, lines: string[]): void {
  const group = inventory.group(name)!;
  lines.push(graphName(`@${name}:`, depth));
  for (const child of group.children) graphGroup(inventory, child, depth + 1, showVars, lines);
  if (name !== 'all') {
    for (const host of group.hosts) {
      lines.push(graphName(host, depth + 1));
      if (showVars) graphVars(visibleHostVars(inventory, host), depth + 2, lines);
    }
  }
  if (showVars) graphVars(withoutInternal(inventory.groupVars(name)), depth + 1, lines);
}
