/**
 * The role-layout cases: one directory per case under `test/fixtures/roles/` (a `site.yaml` and
 * its `roles/`), each run by ansible-playbook 2.14 once, its `--list-tasks` output and reduced
 * outcome committed as `<case>/expected.json` by `test/fixtures/roles/regenerate.ts`, and by
 * certbook in every test run through the real loader, runner and a local connection.
 */
import { join } from 'node:path';
import { runCli } from '../cli/run-cli.js';
import { runCaseFile } from './keyword-cases.js';
import type { RunOutcome } from './run-outcome.js';

/** Where the cases live. */
export const ROLE_CASES_DIR = join(import.meta.dirname, '..', 'fixtures', 'roles');

/** The inventory every case runs on (two hosts on the controller). */
export const ROLE_CASES_INVENTORY = join(ROLE_CASES_DIR, 'inv-local.yaml');

/** One case: its `-e` values and `ANSIBLE_ROLES_PATH` (relative to the case's directory). */
export interface RoleCase {
  extraVars?: Record<string, string>;
  rolesPath?: string;
  /** `--tags`. */
  tags?: string[];
}

/** Every case, by directory name. */
export const ROLE_CASES: Record<string, RoleCase> = {
  basics: {},
  precedence: { extraVars: { from_extra: 'extra' } },
  imports: { rolesPath: 'shelf' },
  files: {},
  selection: { tags: ['app'] },
};

/** The command-line options of a case that both tools take: `-e` and `--tags`. */
export function caseArgs(c: RoleCase): string[] {
  return [...Object.entries(c.extraVars ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]), ...(c.tags ? ['--tags', c.tags.join(',')] : [])];
}

/** The directory of a case (its `site.yaml` and `roles/`). */
export function caseDir(name: string): string {
  return join(ROLE_CASES_DIR, name);
}

/** Runs a case with certbook and reduces what happened (`scratch` is a fresh directory). */
export function runCertbookRoleCase(name: string): Promise<RunOutcome> {
  const c = ROLE_CASES[name]!;
  return runCaseFile(join(caseDir(name), 'site.yaml'), ROLE_CASES_INVENTORY, {
    ...(c.tags ? { tags: c.tags } : {}),
    ...(c.extraVars ? { extraVars: c.extraVars } : {}),
    rolesPath: c.rolesPath ? [join(caseDir(name), c.rolesPath)] : [],
  });
}

/** What `certbook run site.yaml --list-tasks` prints for a case, run from the case's directory. */
export async function listCertbookRoleCase(name: string): Promise<string> {
  const c = ROLE_CASES[name]!;
  const result = await runCli(['run', 'site.yaml', '-i', ROLE_CASES_INVENTORY, '--list-tasks', '-e', 'scratch=/nowhere', ...caseArgs(c)], {
    cwd: caseDir(name),
    env: c.rolesPath ? { ANSIBLE_ROLES_PATH: c.rolesPath } : {},
  });
  if (result.code !== 0) throw new Error(`certbook --list-tasks ${name}: ${result.stderr}`);
  return result.stdout;
}
