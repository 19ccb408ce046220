/**
 * `--roles-path DIR` (repeatable, each may be colon-separated): where roles are found after
 * `roles/` beside the playbook and before `ANSIBLE_ROLES_PATH` (src/playbook/roles/role-search.ts).
 * Offered by the commands that load playbooks: run and validate.
 */
import { resolve } from 'node:path';
import type { OptionSpec } from './option-spec.js';

/** The option, in `group` of the command that offers it. */
export function rolesPathOption(group: string): OptionSpec & { key: 'rolesPath'; kind: 'list' } {
  return {
    key: 'rolesPath',
    long: 'roles-path',
    kind: 'list',
    metavar: 'DIR',
    group,
    help: 'also find roles in DIR (repeatable, colon-separated; after roles/ beside the playbook, before ANSIBLE_ROLES_PATH)',
  };
}

/** Every roles_path directory in search order, resolved from `cwd`: the `--roles-path` flags, then `ANSIBLE_ROLES_PATH`. */
export function rolesPathOf(flags: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string): string[] {
  return [...flags, ...(env.ANSIBLE_ROLES_PATH ? [env.ANSIBLE_ROLES_PATH] : [])]
    .flatMap((entry) => entry.split(':'))
    .filter(Boolean)
    .map((dir) => resolve(cwd, dir));
}
