/**
 * Where roles are found, in ansible-core 2.14's order: `roles/` beside the playbook, then each
 * directory of `roles_path` (`--roles-path`, then `ANSIBLE_ROLES_PATH`, colon-separated), then
 * the playbook's directory itself. A name with a slash is a path (relative to the playbook).
 */
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/**
 * The directories searched for a role, in order. `rolesPath` holds absolute directories already
 * split and resolved by the command line (`rolesPathOf`: `--roles-path`, then `ANSIBLE_ROLES_PATH`).
 */
export function roleSearchPath(playbookDir: string, rolesPath: readonly string[]): string[] {
  return [...new Set([resolve(playbookDir, 'roles'), ...rolesPath, playbookDir])];
}

/** The role's directory, or the directories that were searched in vain. */
export function findRole(name: string, searchPath: readonly string[], playbookDir: string): { path: string } | { searched: string[] } {
  if (name.includes('/')) {
    const path = isAbsolute(name) ? name : resolve(playbookDir, name);
    return isDirectory(path) ? { path } : { searched: [path] };
  }
  for (const dir of searchPath) {
    const path = resolve(dir, name);
    if (isDirectory(path)) return { path };
  }
  return { searched: searchPath.map((d) => resolve(d, name)) };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
