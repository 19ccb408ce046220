/** Where a step finds the controller files its arguments name relative to the playbook. */
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
