/**
 * Where a host's inventory variables land. Ansible's `InventoryData.set_variable(name, …)`
 * looks the name up among groups before hosts, so `all role=web` (a host named `all`) sets
 * `role` on the group `all`, for every host; a host named like a group declared earlier does
 * the same. certbook does what Ansible does, and warns, since it is never what was meant.
 */
import type { Problem } from '../errors/problem.js';
import { groupPriority } from './group-priority.js';
import type { HostRecord, InventoryData, VarEntry } from './inventory-data.js';

/** Sets `vars` written on `host` where Ansible would; a warning goes to `warnings` when that is a group. */
export function setHostVars(data: InventoryData, host: HostRecord, vars: ReadonlyArray<[string, VarEntry]>, warnings: Problem[]): void {
  const group = data.groups.get(host.name);
  if (!group) {
    for (const [name, entry] of vars) host.vars.set(name, entry);
    return;
  }
  for (const [name, entry] of vars) {
    // Group.set_variable turns the priority into the group's priority, whatever it came from.
    const priority = name === 'ansible_group_priority' ? groupPriority(entry.value) : undefined;
    if (priority !== undefined) group.priority = priority;
    else group.vars.set(name, entry);
    const warning: Problem = { code: 'INVALID_NAME', message: `\`${name}\` written on host \`${host.name}\` is set on the group \`${host.name}\` (Ansible looks names up among groups first)`,
      hint: `rename the host; as written, every host of group \`${host.name}\` gets \`${name}\`` };
    if (entry.origin) warning.pos = entry.origin;
    if (entry.line !== undefined) warning.sourceLine = entry.line;
    warnings.push(warning);
  }
}
