/**
 * Where a host's inventory variables land. Ansible's `InventoryData.set_variable(name, …)`
 * looks the name up among groups before hosts, so `all role=web` (a host named `all`) sets
 * `role` on the group `all`, for every host; a host named like a group declared earlier does
 * the same. certbook does what Ansible does, and warns, since it is never what was meant.
 */
import type { Problem, ProblemList } from '../errors/problem.js';
import { groupPriority } from './group-priority.js';
import type { HostRecord, InventoryData, VarEntry } from './inventory-data.js';

/** The variables that say which machine a host is. */
const ADDRESS_VARIABLES = ['ansible_host', 'ansible_port'];

/**
 * Sets `vars` written on `host` where Ansible would; a warning goes to `warnings` when that is a
 * group. A host name that another inventory file already gave another address is a problem:
 * Ansible merges the two into one host (the last file's address wins), so a fleet of clusters
 * that each call a node `server-1` would silently check one of them.
 */
export function setHostVars(
  data: InventoryData,
  host: HostRecord,
  vars: ReadonlyArray<[string, VarEntry]>,
  warnings: Problem[],
  problems?: ProblemList,
): void {
  const group = data.groups.get(host.name);
  if (!group) {
    for (const [name, entry] of vars) {
      if (problems) checkRedefinition(host, name, entry, problems);
      host.vars.set(name, entry);
    }
    return;
  }
  for (const [name, entry] of vars) {
    // Group.set_variable turns the priority into the group's priority, whatever it came from.
    const priority = name === 'ansible_group_priority' ? groupPriority(entry.value) : undefined;
    if (priority !== undefined) group.priority = priority;
    else group.vars.set(name, entry);
    const warning: Problem = {
      code: 'INVALID_NAME',
      message: `\`${name}\` written on host \`${host.name}\` is set on the group \`${host.name}\` (Ansible looks names up among groups first)`,
      hint: `rename the host; as written, every host of group \`${host.name}\` gets \`${name}\``,
    };
    if (entry.origin) warning.pos = entry.origin;
    if (entry.line !== undefined) warning.sourceLine = entry.line;
    warnings.push(warning);
  }
}

function checkRedefinition(host: HostRecord, name: string, entry: VarEntry, problems: ProblemList): void {
  const before = host.vars.get(name);
  if (!ADDRESS_VARIABLES.includes(name) || !before?.origin || !entry.origin || before.origin.file === entry.origin.file) return;
  if (String(before.value) === String(entry.value)) return;
  const problem: Problem = {
    code: 'HOST_REDEFINED',
    message: `host \`${host.name}\` is ${name}=${String(before.value)} in ${before.origin.file}:${before.origin.line} and ${name}=${String(entry.value)} here: Ansible and certbook merge both into one host, so one of the two machines would never be reached`,
    pos: entry.origin,
    hint: `give each machine its own inventory name (e.g. prefix it with its cluster: \`c2-${host.name}\`); a k3s node's Kubernetes name is found on the node, so names may differ from it`,
  };
  if (entry.line !== undefined) problem.sourceLine = entry.line;
  problems.add(problem);
}
