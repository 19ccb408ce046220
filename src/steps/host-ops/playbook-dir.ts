/** Where a step finds the controller files its arguments name: in its role, then relative to the playbook. */
import { isAbsolute } from 'node:path';
import type { StepContext } from '../step-run.js';

/**
 * The playbook's directory (`playbook_dir`), as Ansible resolves a relative `src`; the working
 * directory for a step run without a playbook, the only sensible base there.
 */
export function playbookDir(ctx: StepContext): string {
  try {
    const dir = ctx.lookup('playbook_dir');
    if (typeof dir === 'string' && isAbsolute(dir)) return dir;
  } catch {
    // No playbook: fall through to the working directory.
  }
  return process.cwd();
}

/**
 * The directories a relative controller path is looked up in, in order: the role's directory
 * when the task is in a role (`role_path`), then the playbook's, as Ansible's search path does.
 */
export function searchDirs(ctx: StepContext): string[] {
  let rolePath: unknown;
  try {
    rolePath = ctx.lookup('role_path');
  } catch {
    // Not in a role.
  }
  const base = playbookDir(ctx);
  return typeof rolePath === 'string' && isAbsolute(rolePath) && rolePath !== base ? [rolePath, base] : [base];
}

/** The directories searched from a task file: its role's (when it is in one), then the playbook's. */
export function loadSearchDirs(playbookDir: string, roleDir: string | undefined): string[] {
  return roleDir !== undefined && roleDir !== playbookDir ? [roleDir, playbookDir] : [playbookDir];
}
