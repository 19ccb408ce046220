/**
 * Role layouts compared with ansible-playbook 2.14: for each case of test/fixtures/roles/, the
 * `--list-tasks` output and what a real run did (per task and host, and the recap) are what
 * ansible-playbook printed and did on the same files (`<case>/expected.json`, made by
 * test/fixtures/roles/regenerate.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { caseDir, listCertbookRoleCase, ROLE_CASES, runCertbookRoleCase } from '../harness/role-cases.js';

function expected(name: string): { listTasks: string; tasks: unknown; stats: unknown } {
  return JSON.parse(readFileSync(join(caseDir(name), 'expected.json'), 'utf8'));
}

for (const name of Object.keys(ROLE_CASES)) {
  test(`role case ${name}: --list-tasks prints what ansible-playbook 2.14 printed`, async () => {
    // The `playbook:` line names the file as each tool was given it; what follows must match.
    const body = (text: string) => text.replace(/^\nplaybook: .*\n/, '');
    assert.equal(body(await listCertbookRoleCase(name)), body(expected(name).listTasks));
  });
  test(`role case ${name}: a run does what ansible-playbook 2.14 did`, async () => {
    const { tasks, stats } = expected(name);
    assert.deepEqual(await runCertbookRoleCase(name), { tasks, stats });
  });
}
