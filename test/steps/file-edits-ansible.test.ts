/**
 * `lineinfile` and `blockinfile` edits against ansible-core 2.14's own results: every case of
 * test/fixtures/file-edits/<step>.cases.json was run through ansible-playbook (regenerate.ts
 * there); certbook's plan must give the same text, changed, failed, message and count.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { planBlockinfile } from '../../src/steps/blockinfile/blockinfile-run.js';
import { type BlockinfileArgs, blockinfileStep } from '../../src/steps/blockinfile.js';
import { withDefaults } from '../../src/steps/host-ops/step-args.js';
import { type FileText, type LinePlan, planLineinfile } from '../../src/steps/lineinfile/lineinfile-run.js';
import { type LineinfileArgs, lineinfileStep } from '../../src/steps/lineinfile.js';

interface EditCase {
  name: string;
  before: string | null;
  args: Record<string, unknown>;
}
interface Expected {
  name: string;
  changed: boolean;
  failed: boolean;
  msg: string;
  found?: number;
  after: string | null;
}

const DIR = join(import.meta.dirname, '..', 'fixtures', 'file-edits');
const load = <T>(file: string): T => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as T;

const PLANNERS: Record<string, (args: Record<string, unknown>, file: FileText) => LinePlan> = {
  lineinfile: (args, file) => planLineinfile(withDefaults<LineinfileArgs>(lineinfileStep, args), file),
  blockinfile: (args, file) => planBlockinfile(withDefaults<BlockinfileArgs>(blockinfileStep, args), file),
};

for (const [step, plan] of Object.entries(PLANNERS)) {
  const cases = load<EditCase[]>(`${step}.cases.json`);
  const expected = new Map(load<{ cases: Expected[] }>(`${step}.expected.json`).cases.map((e) => [e.name, e]));

  test(`every ${step} case has Ansible's result recorded`, () => {
    assert.deepEqual(cases.map((c) => c.name).sort(), [...expected.keys()].sort());
  });

  for (const c of cases) {
    test(`${step} agrees with Ansible: ${c.name}`, () => {
      const want = expected.get(c.name)!;
      const file: FileText = c.before === null ? { state: 'absent' } : { state: 'file', text: c.before };
      const got = plan({ ...c.args, path: `<dir>/${c.name}` }, file);
      if ('error' in got) {
        assert.deepEqual([true, got.error], [want.failed, want.msg]);
        return;
      }
      assert.equal(want.failed, false);
      if ('done' in got) {
        assert.deepEqual([got.done.changed, got.done.msg, null], [want.changed, want.msg, want.after]);
        return;
      }
      assert.deepEqual(
        { changed: got.changed, msg: got.msg, after: got.text },
        { changed: want.changed, msg: want.msg, after: want.after },
      );
      if (want.found !== undefined) assert.equal(got.found, want.found);
    });
  }
}
