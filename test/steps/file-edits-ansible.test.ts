/**
 * `lineinfile`'s edit against ansible-core 2.14's own results: every case of
 * test/fixtures/file-edits/lineinfile.cases.json was run through ansible-playbook
 * (regenerate.ts there); certbook's plan must give the same text, changed, failed and message.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lineinfileStep } from '../../src/steps/lineinfile.js';
import { withDefaults } from '../../src/steps/host-ops/step-args.js';
import { planLineinfile, type FileText, type LineinfileArgs } from '../../src/steps/lineinfile/lineinfile-run.js';

interface EditCase { name: string; before: string | null; args: Record<string, unknown> }
interface Expected { name: string; changed: boolean; failed: boolean; msg: string; found?: number; after: string | null }

const DIR = join(import.meta.dirname, '..', 'fixtures', 'file-edits');
const load = <T>(file: string): T => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as T;

const cases = load<EditCase[]>('lineinfile.cases.json');
const expected = new Map(load<{ cases: Expected[] }>('lineinfile.expected.json').cases.map((e) => [e.name, e]));

test('every lineinfile case has Ansible\'s result recorded', () => {
  assert.deepEqual(cases.map((c) => c.name).sort(), [...expected.keys()].sort());
});

for (const c of cases) {
  test(`lineinfile agrees with Ansible: ${c.name}`, () => {
    const want = expected.get(c.name)!;
    const path = `<dir>/${c.name}`;
    const a = withDefaults<LineinfileArgs>(lineinfileStep, { ...c.args, path });
    const file: FileText = c.before === null ? { state: 'absent' } : { state: 'file', text: c.before };
    const plan = planLineinfile(a, file);
    if ('error' in plan) {
      assert.equal(want.failed, true, plan.error);
      assert.equal(plan.error, want.msg);
      return;
    }
    assert.equal(want.failed, false);
    if ('done' in plan) {
      assert.deepEqual([plan.done.changed, plan.done.msg, want.after], [want.changed, want.msg, null]);
      return;
    }
    assert.deepEqual({ changed: plan.changed, msg: plan.msg, after: plan.text }, { changed: want.changed, msg: want.msg, after: want.after });
    if (want.found !== undefined) assert.equal(plan.found, want.found);
  });
}
