/**
 * validateStepArgs: one issue per real mistake, with the right code and path, for every step;
 * template strings are left for run time; the mode footgun and secrets are handled.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findStep, STEPS } from '../../src/steps/registry.js';
import type { StepDefinition } from '../../src/steps/step.js';
import { typeAccepts } from '../../src/validate/describe.js';
import type { JsonSchema } from '../../src/validate/json-schema.js';
import { type ArgIssue, validateStepArgs } from '../../src/validate/validate-step-args.js';
import { parsedExamples } from './example-tasks.js';

function check(stepName: string, args: unknown, allowTemplates = true): ArgIssue[] {
  const step = findStep(stepName);
  assert.ok(step, `step ${stepName}`);
  return validateStepArgs(step, args, { allowTemplates });
}

function summary(issues: ArgIssue[]): Array<[string, Array<string | number>]> {
  return issues.map((i) => [i.code, i.path]);
}

/** Valid arguments for each step: those of its first example. */
function validArgs(step: StepDefinition): Record<string, unknown> {
  const parsed = parsedExamples().find((p) => p.step === step);
  assert.ok(parsed?.args);
  return structuredClone(parsed.args);
}

function properties(step: StepDefinition): Record<string, JsonSchema> {
  return (step.schema.properties ?? {}) as Record<string, JsonSchema>;
}

/** A misspelling of `name` that is no argument of `step`: a doubled letter. */
function typo(step: StepDefinition, name: string): string {
  for (let i = 1; i < name.length; i++) {
    const candidate = name.slice(0, i) + name[i] + name.slice(i);
    if (!(candidate in properties(step))) return candidate;
  }
  return `${name}x`;
}

for (const step of STEPS.values()) {
  test(`${step.name}: an unknown argument is reported with a did-you-mean`, () => {
    const args = validArgs(step);
    const name = Object.keys(properties(step)).find((n) => n.length >= 4 && n !== 'cacheable') ?? Object.keys(properties(step))[0]!;
    const wrong = typo(step, name);
    if (step.name === 'set_fact') {
      // set_fact takes any fact name, so a misspelt key is a new fact, not an unknown argument.
      assert.deepEqual(check(step.name, { ...args, [wrong]: 1 }), []);
      assert.deepEqual(summary(check(step.name, { ...args, 'not-a-name': 1 })), [['INVALID_VALUE', ['not-a-name']]]);
      return;
    }
    const issues = check(step.name, { ...args, [wrong]: args[name] ?? 'x' });
    assert.deepEqual(summary(issues), [['UNKNOWN_ARGUMENT', [wrong]]]);
    assert.ok(issues[0]!.hint.includes(`\`${name}\``), `hint suggests ${name}: ${issues[0]!.hint}`);
  });

  test(`${step.name}: a value of the wrong type is reported at its argument`, () => {
    const args = validArgs(step);
    // Prefer an argument the example already gives, so no argument rule is disturbed.
    const candidates = Object.entries(properties(step)).filter(([, s]) => !typeAccepts(s, { a: 1 }) && !s.anyOf);
    const [name] = candidates.find(([n]) => n in args) ?? candidates.find(([n]) => !(step.conflicts ?? []).flat().includes(n)) ?? [];
    assert.ok(name, 'some argument does not take a mapping');
    const issues = check(step.name, { ...args, [name]: { a: 1 } });
    assert.deepEqual(summary(issues), [['WRONG_TYPE', [name]]]);
  });

  test(`${step.name}: a missing required argument is reported (or none is required)`, () => {
    const required = (step.schema.required ?? []) as string[];
    const groups = step.requiresOneOf ?? [];
    if (required.length === 0 && groups.length === 0 && !step.schema.minProperties) {
      assert.deepEqual(check(step.name, {}), [], 'every argument is optional');
      return;
    }
    const args = validArgs(step);
    const drop = required[0] ? [required[0]] : groups[0] ? [...groups[0]] : Object.keys(args);
    for (const name of drop) delete args[name];
    const issues = check(step.name, args);
    assert.deepEqual(summary(issues), [['MISSING_ARGUMENT', []]]);
  });

  test(`${step.name}: arguments that are not a mapping are one wrong-type issue`, () => {
    assert.deepEqual(summary(check(step.name, ['a'])), [['WRONG_TYPE', []]]);
  });
}

const cases: Array<{ step: string; args: unknown; want: Array<[string, Array<string | number>]> }> = [
  { step: 'shell', args: { cmd: 'ls', chdri: '/tmp' }, want: [['UNKNOWN_ARGUMENT', ['chdri']]] },
  { step: 'wait_for', args: { port: 'not-a-number' }, want: [['WRONG_TYPE', ['port']]] },
  { step: 'wait_for', args: { port: 70000 }, want: [['INVALID_VALUE', ['port']]] },
  { step: 'wait_for', args: { url: 'ftp://x' }, want: [['INVALID_VALUE', ['url']]] },
  { step: 'wait_for', args: { status_code: 'ok' }, want: [['WRONG_TYPE', ['status_code']]] },
  { step: 'wait_for', args: { status_code: [200, 'ok'] }, want: [['WRONG_TYPE', ['status_code', 1]]] },
  { step: 'wait_for', args: { port: 6443, path: '/x' }, want: [['CONFLICTING_ARGUMENTS', ['path']]] },
  { step: 'slurp', args: {}, want: [['MISSING_ARGUMENT', []]] },
  { step: 'slurp', args: { scr: '/etc/hosts' }, want: [['UNKNOWN_ARGUMENT', ['scr']]] },
  { step: 'file', args: { dest: '/x' }, want: [['UNKNOWN_ARGUMENT', ['dest']]] },
  { step: 'file', args: { path: '/x', state: 'link' }, want: [['INVALID_VALUE', ['state']]] },
  { step: 'file', args: { path: '/x', state: 3 }, want: [['WRONG_TYPE', ['state']]] },
  { step: 'service', args: { name: 'k3s', state: 'restart' }, want: [['INVALID_VALUE', ['state']]] },
  { step: 'service', args: { name: 'k3s' }, want: [['MISSING_ARGUMENT', []]] },
  { step: 'copy', args: { content: 'x', src: 'y', dest: '/d' }, want: [['CONFLICTING_ARGUMENTS', ['src']]] },
  { step: 'copy', args: { dest: '/d' }, want: [['MISSING_ARGUMENT', []]] },
  { step: 'copy', args: { content: 'x', dest: '/d', validate: 'visudo -c' }, want: [['INVALID_VALUE', ['validate']]] },
  { step: 'command', args: { argv: 'ls' }, want: [['WRONG_TYPE', ['argv']]] },
  { step: 'command', args: { argv: [] }, want: [['INVALID_VALUE', ['argv']]] },
  {
    step: 'command',
    args: { cmd: 'ls', env: { 'A-B': 'x', C: [1] } },
    want: [
      ['INVALID_VALUE', ['env', 'A-B']],
      ['WRONG_TYPE', ['env', 'C']],
    ],
  },
  { step: 'set_fact', args: {}, want: [['MISSING_ARGUMENT', []]] },
  { step: 'x509_info', args: { paths: 3 }, want: [['WRONG_TYPE', ['paths']]] },
  { step: 'x509_info', args: { path: '/a', valid_at: { soon: '90d' } }, want: [['INVALID_VALUE', ['valid_at', 'soon']]] },
  { step: 'x509_info', args: { path: '/a', valid_at: { soon: '+90d', later: '2026-01-31' }, at: '2026-01-01T00:00:00Z' }, want: [] },
  { step: 'x509_info', args: { path: '/a', content: 'PEM' }, want: [['CONFLICTING_ARGUMENTS', ['content']]] },
  {
    step: 'kube_secret',
    args: { name: 'x', insecure_skip_tls_verify: 'sometimes' },
    want: [['INVALID_VALUE', ['insecure_skip_tls_verify']]],
  },
  { step: 'kube_secret', args: { name: 'x', insecure_skip_tls_verify: 'auto' }, want: [] },
  { step: 'publish', args: { table: 't', rows: [{ a: [1] }] }, want: [['WRONG_TYPE', ['rows', 0, 'a']]] },
  { step: 'publish', args: { table: 'bad name', row: { a: 1 } }, want: [['INVALID_VALUE', ['table']]] },
  { step: 'debug', args: { msg: 'hi', verbosty: 1 }, want: [['UNKNOWN_ARGUMENT', ['verbosty']]] },
  { step: 'debug', args: { msg: { any: ['value'] } }, want: [] },
  { step: 'meta', args: { action: 'flush_handler' }, want: [['INVALID_VALUE', ['action']]] },
  { step: 'find', args: { paths: '/a', age: '3x', size: '10k' }, want: [['INVALID_VALUE', ['age']]] },
  { step: 'pause', args: { seconds: 1, minutes: 1 }, want: [['CONFLICTING_ARGUMENTS', ['minutes']]] },
  { step: 'archive', args: { path: '/a', dest: '/b', name_prefix: 'a/b' }, want: [['INVALID_VALUE', ['name_prefix']]] },
];

for (const c of cases) {
  test(`${c.step} ${JSON.stringify(c.args)} → ${c.want.map((w) => w[0]).join(', ') || 'valid'}`, () => {
    const issues = check(c.step, c.args);
    assert.deepEqual(summary(issues), c.want);
    for (const issue of issues) {
      assert.ok(issue.message.length > 0 && issue.hint.length > 0, 'every issue has a message and a hint');
      assert.ok(!/must match|must be equal|must NOT/.test(issue.message), `no raw ajv wording: ${issue.message}`);
    }
  });
}

test('an enum mistake lists the choices and suggests the closest one', () => {
  const [issue] = check('service', { name: 'k3s', state: 'restart' });
  assert.equal(issue?.code, 'INVALID_VALUE');
  for (const choice of ['started', 'stopped', 'restarted', 'reloaded']) assert.ok(issue.message.includes(choice));
  assert.ok(issue.hint.includes('`restarted`'));
});

test('an Ansible alias is refused with the certbook spelling as the hint, and no extra missing-argument issue', () => {
  const issues = check('stat', { checksum: 'sha256' });
  assert.deepEqual(summary(issues), [
    ['UNKNOWN_ARGUMENT', ['checksum']],
    ['MISSING_ARGUMENT', []],
  ]);
  assert.ok(issues[0]!.hint.includes('`checksum_algorithm`'));
  const file = check('file', { dest: '/x' });
  assert.equal(file.length, 1, 'dest is the alias of the missing path: one mistake');
  assert.ok(file[0]!.hint.includes('`path`'));
});

test('service: name is needed with state or enabled, not with daemon_reload alone', () => {
  assert.deepEqual(summary(check('service', { daemon_reload: true })), []);
  const issues = check('service', { state: 'started', enabled: true });
  assert.deepEqual(summary(issues), [['MISSING_ARGUMENT', []]]);
  assert.equal(issues[0]!.message, 'missing required argument `name`');
  assert.match(issues[0]!.hint ?? '', /^`(state|enabled)` needs it/);
  assert.deepEqual(summary(check('service', {})), [['MISSING_ARGUMENT', []]]);
});

test('mode: 644 (a bare YAML integer) is a wrong type with a hint to quote it', () => {
  for (const mode of [644, 420, 755]) {
    const issues = check('file', { path: '/x', mode });
    assert.deepEqual(summary(issues), [['WRONG_TYPE', ['mode']]]);
    assert.match(issues[0]!.hint, /'0644'/);
  }
  assert.deepEqual(summary(check('copy', { content: 'x', dest: '/x', mode: 600 })), [['WRONG_TYPE', ['mode']]]);
  assert.deepEqual(summary(check('archive', { path: '/a', dest: '/b', mode: 600 })), [['WRONG_TYPE', ['mode']]]);
  for (const mode of ['0644', '644', '01777', 'u=rw,g=r,o=', 'a+x']) assert.deepEqual(check('file', { path: '/x', mode }), [], mode);
  assert.deepEqual(check('copy', { content: 'x', dest: '/x', mode: 'preserve' }), []);
  assert.deepEqual(summary(check('file', { path: '/x', mode: '0844' })), [['INVALID_VALUE', ['mode']]]);
});

test('template strings are not type-checked at load time, and are after rendering', () => {
  const templated: Array<[string, Record<string, unknown>, Array<string | number>]> = [
    ['wait_for', { port: '{{ api_port }}' }, ['port']],
    ['wait_for', { status_code: ['{{ ok_status }}', 401] }, ['status_code', 0]],
    ['wait_for', { status_code: '{{ codes }}' }, ['status_code']],
    ['file', { path: '/x', mode: '{{ file_mode }}' }, ['mode']],
    ['file', { path: '/x', state: "{{ 'absent' if remove else 'file' }}" }, ['state']],
    ['kube_secret', { name: 'x', insecure_skip_tls_verify: '{{ skip }}' }, ['insecure_skip_tls_verify']],
    ['find', { paths: '/a', recurse: '{% if deep %}true{% endif %}' }, ['recurse']],
    ['command', { argv: '{{ my_argv }}' }, ['argv']],
  ];
  for (const [step, args, path] of templated) {
    assert.deepEqual(check(step, args), [], `${step} ${JSON.stringify(args)} passes at load time`);
    const after = check(step, args, false);
    assert.equal(after.length, 1, `${step} ${JSON.stringify(args)} fails when it is final`);
    assert.deepEqual(after[0]!.path, path);
  }
  // A template never excuses an unknown argument or a conflict.
  assert.deepEqual(summary(check('wait_for', { prot: '{{ p }}' })), [['UNKNOWN_ARGUMENT', ['prot']]]);
  assert.deepEqual(summary(check('copy', { content: '{{ a }}', src: '{{ b }}', dest: '/d' })), [['CONFLICTING_ARGUMENTS', ['src']]]);
});

test('a sensitive value is never quoted in a message', () => {
  const issues = check('command', { cmd: 'login', stdin: 424242, env: { TOKEN: ['s3cr3t-value'] } });
  assert.deepEqual(summary(issues), [
    ['WRONG_TYPE', ['stdin']],
    ['WRONG_TYPE', ['env', 'TOKEN']],
  ]);
  for (const issue of issues) {
    assert.ok(!issue.message.includes('424242') && !issue.hint.includes('424242'));
    assert.ok(!issue.message.includes('s3cr3t') && !issue.hint.includes('s3cr3t'));
  }
  // An ordinary value is quoted, to help.
  assert.ok(check('wait_for', { port: 'not-a-number' })[0]!.message.includes('not-a-number'));
});

test('issues come without duplicates even when ajv repeats itself', () => {
  const issues = check('command', { argv: [1, 2, 3], env: { 'a-b': 1, 'c-d': 2 } });
  const keys = issues.map((i) => `${i.code} ${JSON.stringify(i.path)}`);
  assert.equal(new Set(keys).size, keys.length);
  assert.deepEqual(summary(issues), [
    ['WRONG_TYPE', ['argv', 0]],
    ['WRONG_TYPE', ['argv', 1]],
    ['WRONG_TYPE', ['argv', 2]],
    ['INVALID_VALUE', ['env', 'a-b']],
    ['INVALID_VALUE', ['env', 'c-d']],
  ]);
});
