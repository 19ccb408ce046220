/**
 * `lookup`, `query` and `q` are Ansible's lookup plugins, which certbook does not have: a call
 * is refused by name when the template compiles (so at load time, with the YAML position),
 * with what to use instead, rather than reported as an undefined variable.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { TemplateSyntaxError, UndefinedVariableError } from '../../src/template/errors.js';
import { renderTemplate } from '../../src/template/render.js';

test('lookup(), query() and q() are refused as unsupported, with the alternatives', () => {
  for (const call of ["lookup('file', '/etc/hostname')", "query('env', 'HOME')", "q('pipe', 'id')", "[1] + lookup('x')"]) {
    assert.throws(
      () => renderTemplate(`{{ ${call} }}`, {}),
      (error: unknown) => {
        assert.ok(error instanceof TemplateSyntaxError && !(error instanceof UndefinedVariableError), call);
        assert.match(error.message, /is not supported: certbook has no lookup plugins/);
        assert.match(error.hint ?? '', /slurp/);
        return true;
      },
    );
  }
});

test('a variable merely named lookup is still a variable', () => {
  assert.equal(renderTemplate('{{ lookup }}', { lookup: 'x' }), 'x');
});

test('the playbook loader reports each lookup at its line', () => {
  const problems = new ProblemList();
  loadPlaybook(join(import.meta.dirname, '..', 'fixtures', 'playbooks', 'lookup.yaml'), problems);
  const found = problems.items.filter((p) => /lookup plugins/.test(p.message));
  assert.deepEqual(
    found.map((p) => [p.code, p.pos?.line]),
    [
      ['TEMPLATE_SYNTAX', 6],
      ['TEMPLATE_SYNTAX', 9],
    ],
  );
});
