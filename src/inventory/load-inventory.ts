/**
 * The inventory entry point: `-i` sources in, an `Inventory` out, every problem collected.
 * Sources are read in order into one set of groups and hosts (a group named in two files is
 * one group), reconciled as Ansible does, then every host's variables are merged once so
 * that broken group_vars/host_vars files and badly typed connection variables are reported
 * now, before anything is contacted.
 */
import { resolve } from 'node:path';
import type { Problem, ProblemList } from '../errors/problem.js';
import { didYouMean } from '../errors/suggest.js';
import { CONNECTION_VARIABLES, checkConnectionVar } from './connection-vars.js';
import type { VarsLayout } from './host-vars.js';
import { Inventory, LOCALHOST_NAMES } from './inventory.js';
import { InventoryData } from './inventory-data.js';
import { readInventorySource } from './inventory-sources.js';
import { VarsFiles } from './vars-files.js';

/** Options for `loadInventory`. */
export interface LoadInventoryOptions {
  /**
   * The playbook's directory: its `group_vars/` and `host_vars/` override the inventory's.
   * (`ansible-inventory` uses `--playbook-dir`, else the working directory, for host vars.)
   */
  playbookDir?: string;
}

/**
 * Loads the inventory from `-i` sources (YAML or INI files, directories of them, or `h1,h2,` host
 * lists), in order. Problems go to `problems`; the returned inventory holds whatever could be
 * read, and its `warnings` what Ansible would only warn about.
 */
export function loadInventory(sources: readonly string[], problems: ProblemList, options: LoadInventoryOptions = {}): Inventory {
  const data = new InventoryData();
  const warnings: Problem[] = [];
  const varsDirs: string[] = [];
  for (const raw of sources) readInventorySource(raw, { data, problems, warnings, varsDirs });
  data.reconcile();
  warnNameClashes(data, warnings);
  const layout: VarsLayout = { data, files: new VarsFiles(problems, warnings), inventoryDirs: varsDirs };
  if (options.playbookDir !== undefined) layout.playbookDir = resolve(options.playbookDir);
  const inventory = new Inventory(layout, warnings);
  // Reading every group's files now reports broken ones even for groups without hosts.
  for (const group of data.groups.keys()) inventory.groupVars(group);
  checkConnectionVars(inventory, problems);
  warnUnusedVarsFiles(layout, inventory);
  return inventory;
}

function warnNameClashes(data: InventoryData, warnings: Problem[]): void {
  for (const host of data.hosts.values()) {
    if (!data.groups.has(host.name)) continue;
    warnings.push({
      code: 'INVALID_NAME',
      message: `\`${host.name}\` is both a group and a host`,
      ...(host.pos ? { pos: host.pos } : {}),
      hint: 'a pattern with this name selects the whole group; rename the host or the group',
    });
  }
}

/** Badly typed connection variables, once per place they are written (not once per host). */
function checkConnectionVars(inventory: Inventory, problems: ProblemList): void {
  const reported = new Set<string>();
  for (const host of inventory.hostsInDefinitionOrder()) {
    for (const [name, entry] of inventory.hostVarEntries(host)) {
      if (!Object.hasOwn(CONNECTION_VARIABLES, name)) continue;
      const issue = checkConnectionVar(name, entry.value);
      if (!issue) continue;
      const key = entry.origin ? `${entry.origin.file}:${entry.origin.line}:${entry.origin.col}:${name}` : `${host}:${name}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const problem: Problem = { code: issue.code, message: entry.origin ? issue.message : `${issue.message} (host \`${host}\`)` };
      if (entry.origin) problem.pos = entry.origin;
      if (entry.line !== undefined) problem.sourceLine = entry.line;
      if (issue.hint) problem.hint = issue.hint;
      problems.add(problem);
    }
  }
}

function warnUnusedVarsFiles(layout: VarsLayout, inventory: Inventory): void {
  const groups = new Set(inventory.groupNames());
  // host_vars/localhost is read for the implicit localhost too.
  const hosts = new Set([...inventory.hostsInDefinitionOrder(), ...LOCALHOST_NAMES]);
  const dirs = [...new Set([...layout.inventoryDirs, ...(layout.playbookDir !== undefined ? [layout.playbookDir] : [])])];
  for (const dir of dirs) {
    layout.files.checkUnused(dir, 'group_vars', groups, (w) => didYouMean(w, groups));
    layout.files.checkUnused(dir, 'host_vars', hosts, (w) => didYouMean(w, hosts));
  }
}
