/**
 * The committed editor schemas work as schemas: they compile (strictly, in a fresh Ajv), accept
 * every example of the step reference inside a playbook, and refuse what the loader refuses.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPlaybookSchema, buildStepSchema } from '../../src/schema-files/compose-schemas.js';
import { STEPS } from '../../src/steps/registry.js';
import { createAjv } from '../../src/validate/ajv.js';
import type { JsonSchema } from '../../src/validate/json-schema.js';
import { parsedExamples } from '../steps/example-tasks.js';

// Editor schemas put `required` inside `anyOf`/`not` (standard draft-07), which strictRequired flags.
const ajv = createAjv({ strictRequired: false });
const playbook = ajv.compile(buildPlaybookSchema());

function valid(tasks: unknown[], play: Record<string, unknown> = {}): boolean {
  return playbook([{ hosts: 'all', ...play, tasks }]) as boolean;
}

test('every step schema file compiles on its own', () => {
  const fresh = createAjv({ strictRequired: false });
  for (const step of STEPS.values()) assert.doesNotThrow(() => fresh.compile(buildStepSchema(step) as JsonSchema), step.name);
});

test('every example of the step reference is valid in a playbook', () => {
  for (const parsed of parsedExamples()) {
    assert.ok(valid(parsed.tasks as unknown[]), `${parsed.step.name}: ${parsed.example.title}: ${ajv.errorsText(playbook.errors)}`);
  }
});

test('plays, imports, blocks, handlers and free form are accepted', () => {
  assert.equal(playbook([{ import_playbook: 'other.yaml' }]), true);
  assert.ok(valid([{ name: 'x', block: [{ shell: 'echo hi' }], rescue: [{ debug: { msg: 'oops' } }], always: [{ meta: 'noop' }] }]));
  assert.ok(
    valid([{ debug: null }, { import_tasks: 'more.yaml' }], {
      handlers: [{ name: 'restart k3s', service: { name: 'k3s', state: 'restarted' }, listen: 'k3s' }],
    }),
  );
  assert.ok(valid([{ wait_for: { port: '{{ api_port }}', timeout: '{{ t }}' } }]), 'templates are accepted where a number is expected');
});

test('what the loader refuses, the editor schema refuses too (and accepts once fixed)', () => {
  const cases: Array<[string, unknown[], unknown[]]> = [
    ['unknown step', [{ shel: 'echo hi' }], [{ shell: 'echo hi' }]],
    ['unknown argument', [{ shell: { cmd: 'ls', chdri: '/tmp' } }], [{ shell: { cmd: 'ls', chdir: '/tmp' } }]],
    ['wrong type', [{ wait_for: { port: 'not-a-number' } }], [{ wait_for: { port: 6443 } }]],
    ['missing argument', [{ slurp: {} }], [{ slurp: { src: '/etc/hosts' } }]],
    ['invalid enum', [{ service: { name: 'k3s', state: 'restart' } }], [{ service: { name: 'k3s', state: 'restarted' } }]],
    ['mode as integer', [{ file: { path: '/x', mode: 644 } }], [{ file: { path: '/x', mode: '0644' } }]],
    ['conflicting arguments', [{ copy: { content: 'a', src: 'b', dest: '/x' } }], [{ copy: { content: 'a', dest: '/x' } }]],
    ['needs one of', [{ command: {} }], [{ command: { argv: ['ls'] } }]],
    ['no step', [{ name: 'only a name' }], [{ name: 'only a name', meta: 'noop' }]],
    ['unknown task keyword', [{ shell: 'ls', whne: true }], [{ shell: 'ls', when: true }]],
    ['free form on a step without one', [{ stat: '/etc/hosts' }], [{ stat: { path: '/etc/hosts' } }]],
    [
      'unknown argument in a block',
      [{ block: [{ debug: { msg: 'hi', verbosty: 1 } }] }],
      [{ block: [{ debug: { msg: 'hi', verbosity: 1 } }] }],
    ],
  ];
  for (const [what, bad, good] of cases) {
    assert.equal(valid(bad), false, `${what} is refused`);
    assert.equal(valid(good), true, `${what}, fixed, is accepted: ${ajv.errorsText(playbook.errors)}`);
  }
  assert.equal(valid([], { gather_fact: false }), false, 'an unknown play keyword is refused');
  assert.equal(playbook([{ tasks: [] }]), false, 'a play needs hosts');
});
