/**
 * The `environment` keyword's merge and rendering (task-environment.ts): innermost wins,
 * values as Python's str(), a layer that is not a mapping or a bad name fails the task, and
 * a literal bad name is refused at load time.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LocalHost } from '../../src/connection/local.js';
import { ProblemList } from '../../src/errors/problem.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { taskEnvironment, withEnvironment } from '../../src/runner/task-environment.js';
import { TemplateError } from '../../src/template/errors.js';
import { Scope } from '../../src/template/scope.js';
import { tempDir } from '../harness/temp-dir.js';

const scope = Scope.EMPTY.with({ who: 'h1', env: { FROM_VAR: 'v' }, notmap: 'text' }, 'template');

test('layers merge outermost first, rendered, as Python writes values', () => {
  const env = taskEnvironment(
    [{ environment: { A: 'play', B: 'play' } }, { environment: '{{ env }}' }, { environment: { B: '{{ who }}', N: 1, T: true, F: 1.5 } }],
    scope,
  );
  assert.deepEqual(env, { A: 'play', B: 'h1', FROM_VAR: 'v', N: '1', T: 'True', F: '1.5' });
  assert.equal(taskEnvironment([{}, { when: 'true' }], scope), undefined);
});

test('a layer that is not a mapping, or a name that is not a variable name, fails with a TemplateError', () => {
  assert.throws(
    () => taskEnvironment([{ environment: '{{ notmap }}' }], scope),
    (e) => e instanceof TemplateError && /must be a mapping/.test(e.message),
  );
  assert.throws(
    () => taskEnvironment([{ environment: '{{ {"A-B": 1} }}' }], scope),
    (e) => e instanceof TemplateError && /not a valid variable name/.test(e.message),
  );
});

test("the step's own env wins over the keyword; the command sees both", async () => {
  const host = withEnvironment(new LocalHost(), { A: 'keyword', B: 'keyword' });
  const r = await host.exec('echo "$A $B"', { env: { B: 'step' } });
  assert.equal(r.stdout.trim(), 'keyword step');
});

test('a literal name that is not a shell variable name is refused at load time', () => {
  const dir = tempDir('certbook-env-');
  writeFileSync(join(dir, 'pb.yaml'), '- hosts: all\n  tasks:\n    - {shell: echo, environment: {"A-B": x}}\n');
  const problems = new ProblemList();
  loadPlaybook(join(dir, 'pb.yaml'), problems);
  assert.deepEqual(
    problems.items.map((p) => [p.code, p.pos?.line]),
    [['INVALID_VALUE', 3]],
  );
});
