/**
 * A host's inventory variables in Ansible's precedence order (ansible-core 2.14,
 * `VariableManager.get_vars` with the default `VARIABLE_PRECEDENCE`), lowest first:
 *
 * 1. `all`'s vars from the inventory files;
 * 2. the host's other groups' vars from the inventory files, groups sorted by depth, then
 *    `ansible_group_priority`, then name (`sort_groups`), so a child beats its parent;
 * 3. `group_vars/all` beside each inventory source, sources in `-i` order;
 * 4. `group_vars/all` beside the playbook;
 * 5. `group_vars/<group>` beside each inventory source: for each source in `-i` order, every
 *    group in sorted order (so a later source beats an earlier one whatever the groups);
 * 6. `group_vars/<group>` beside the playbook;
 * 7. the host's vars from the inventory files (including the port of `host:2222`);
 * 8. `host_vars/<host>` beside each inventory source, then 9. beside the playbook.
 *
 * Play vars, task vars, facts, registered results and extra vars come later, in the runner.
 */

import { compareCodePoints } from '../python/python-text.js';
import type { GroupRecord, InventoryData, VarMap } from './inventory-data.js';
import type { VarsFiles } from './vars-files.js';

/** Where variables live: the inventory data and the directories with group_vars/host_vars. */
export interface VarsLayout {
  data: InventoryData;
  files: VarsFiles;
  /** Directories of the path sources (a file's directory, or the directory itself), in `-i` order. */
  inventoryDirs: readonly string[];
  /** The playbook's directory, whose group_vars/ and host_vars/ come after the inventory's. */
  playbookDir?: string;
}

/** Ansible's `sort_groups`: by depth, then priority, then name. */
export function sortGroups(groups: Iterable<GroupRecord>): GroupRecord[] {
  return [...groups].sort((a, b) => a.depth - b.depth || a.priority - b.priority || compareCodePoints(a.name, b.name));
}

/** The layers of variables for one host, lowest precedence first. */
export function hostVarLayers(layout: VarsLayout, host: string, implicitVars?: VarMap): VarMap[] {
  const { data, files, inventoryDirs, playbookDir } = layout;
  const record = data.hosts.get(host);
  const groupNames = record ? [...data.groupsOfHost(host)].filter((g) => g !== 'all') : [];
  const groups = sortGroups(groupNames.map((g) => data.groups.get(g)!));
  const layers: VarMap[] = [data.groups.get('all')!.vars];
  for (const group of groups) layers.push(group.vars);
  for (const dir of inventoryDirs) layers.push(files.varsFor(dir, 'group_vars', 'all'));
  if (playbookDir !== undefined) layers.push(files.varsFor(playbookDir, 'group_vars', 'all'));
  for (const dir of inventoryDirs) for (const group of groups) layers.push(files.varsFor(dir, 'group_vars', group.name));
  if (playbookDir !== undefined) for (const group of groups) layers.push(files.varsFor(playbookDir, 'group_vars', group.name));
  layers.push(record?.vars ?? implicitVars ?? new Map());
  for (const dir of inventoryDirs) layers.push(files.varsFor(dir, 'host_vars', host));
  if (playbookDir !== undefined) layers.push(files.varsFor(playbookDir, 'host_vars', host));
  return layers;
}

/**
 * The layers of a group's own variables as `ansible-inventory --graph --vars` shows them: the
 * inventory files' vars, then `group_vars/<group>` beside each source, then beside the
 * playbook.
 */
export function groupVarLayers(layout: VarsLayout, group: string): VarMap[] {
  const { data, files, inventoryDirs, playbookDir } = layout;
  const layers: VarMap[] = [data.groups.get(group)!.vars];
  for (const dir of inventoryDirs) layers.push(files.varsFor(dir, 'group_vars', group));
  if (playbookDir !== undefined) layers.push(files.varsFor(playbookDir, 'group_vars', group));
  return layers;
}
