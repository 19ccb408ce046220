/**
 * The variables a role brings, computed as ansible-core 2.14's `Role` does
 * (playbook/role/__init__.py: get_default_vars, get_vars, get_role_params) and layered by
 * play-run.ts at Ansible's precedence: every play role's defaults below the inventory, the
 * task's own role's defaults above those; play roles' vars after `vars_files`, the task's role's
 * vars above those; role parameters above `set_fact` and registered results.
 */
import type { Role, RoleUse } from '../playbook/model.js';

type Vars = Record<string, unknown>;

/** Every dependency of `role`, depth first, each after its own dependencies (Ansible's get_all_dependencies). */
function allDependencies(role: Role): Role[] {
  return role.dependencies.flatMap((dep) => [...allDependencies(dep), dep]);
}

/** A role's defaults: its dependencies', then each parent's own, then its own. */
export function roleDefaults(role: Role, parents: readonly Role[] = []): Vars {
  let out: Vars = {};
  for (const dep of allDependencies(role)) out = { ...out, ...roleDefaults(dep) };
  for (const parent of parents) out = { ...out, ...parent.defaults };
  return { ...out, ...role.defaults };
}

/** A role's vars (without parameters): its parents', its dependencies', its entry's `vars:`, then `vars/`. */
export function roleVars(role: Role, parents: readonly Role[] = []): Vars {
  let out: Vars = {};
  for (const parent of parents) out = { ...out, ...parent.entryVars, ...parent.vars };
  for (const dep of allDependencies(role)) out = { ...out, ...roleVars(dep) };
  return { ...out, ...role.entryVars, ...role.vars };
}

/** A role's parameters: its parents', then its own. */
export function roleParams(role: Role, parents: readonly Role[] = []): Vars {
  let out: Vars = {};
  for (const parent of parents) out = { ...out, ...parent.params };
  return { ...out, ...role.params };
}

/** The role layers of a play (its shared roles) and of one task's role, lowest first in each pair. */
export interface RoleLayers {
  playDefaults: Vars;
  taskDefaults: Vars;
  playVars: Vars;
  taskVars: Vars;
  params: Vars;
  /** `role_name` and `role_path` for a task inside a role. */
  magic: Vars;
}

const EMPTY: Vars = Object.freeze({}) as Vars;

/** The layers for a task of `use` (undefined outside roles) in a play whose shared roles are `playRoles`. */
export function roleLayers(playRoles: readonly Role[], use: RoleUse | undefined): RoleLayers {
  let playDefaults: Vars = {};
  let playVars: Vars = {};
  for (const role of playRoles) {
    playDefaults = { ...playDefaults, ...roleDefaults(role) };
    playVars = { ...playVars, ...roleVars(role) };
  }
  if (!use) return { playDefaults, taskDefaults: EMPTY, playVars, taskVars: EMPTY, params: EMPTY, magic: EMPTY };
  return {
    playDefaults,
    playVars,
    taskDefaults: roleDefaults(use.role, use.parents),
    taskVars: roleVars(use.role, use.parents),
    params: roleParams(use.role, use.parents),
    magic: { role_name: use.role.name, role_path: use.role.path },
  };
}
