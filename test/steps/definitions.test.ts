/**
 * The step definitions themselves: the registry, the shape every schema must have (so that
 * messages, docs and editors all work), and the consistency of the argument rules.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findStep, STEPS } from '../../src/steps/registry.js';
import { compiled } from '../../src/validate/ajv.js';
import type { JsonSchema } from '../../src/validate/json-schema.js';

const steps = [...STEPS.values()];

/** Every subschema of `schema`, with a readable location. */
function walk(schema: unknown, at: string, visit: (node: JsonSchema, at: string) => void): void {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return;
  const node = schema as JsonSchema;
  visit(node, at);
  for (const [k, v] of Object.entries((node.properties ?? {}) as Record<string, unknown>)) walk(v, `${at}.${k}`, visit);
  for (const key of ['additionalProperties', 'items', 'propertyNames']) walk(node[key], `${at}/${key}`, visit);
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const list = node[key];
    if (Array.isArray(list)) for (const [i, b] of list.entries()) walk(b, `${at}/${key}/${i}`, visit);
  }
}

/** Issue #17's file and HTTP steps. */
const FILE_AND_HTTP_STEPS = ['template', 'lineinfile', 'blockinfile', 'include_vars', 'uri'];
/** Issue #19's k3s logic as steps. */
const K3S_LOGIC_STEPS = ['host_lock'];

/** Issue #17: the steps that drop and re-establish the connection. */
const RECONNECTING_STEPS = ['reboot', 'wait_for_connection'];

test('the registry holds every step of the library, in name order', () => {
  const names = [...STEPS.keys()];
  const expected = [
    'archive',
    'assert',
    'command',
    'copy',
    'debug',
    'fail',
    'file',
    'find',
    'kube_secret',
    'kubeconfig_fetch',
    'kubeconfig_info',
    'meta',
    'pause',
    'publish',
    'service',
    'set_fact',
    'shell',
    'slurp',
    'stat',
    'tls_probe',
    'unarchive',
    'wait_for',
    'x509_info',
  ];
  assert.deepEqual(names, [...expected, ...FILE_AND_HTTP_STEPS, ...RECONNECTING_STEPS, ...K3S_LOGIC_STEPS].sort());
  assert.deepEqual(names, [...names].sort());
  for (const step of steps) assert.equal(findStep(step.name), step);
  assert.equal(findStep('shel'), undefined);
  assert.equal(findStep('Shell'), undefined);
});

for (const step of steps) {
  test(`${step.name}: the definition is complete`, () => {
    assert.match(step.name, /^[a-z][a-z0-9_]*$/);
    assert.ok(step.summary.length > 0 && step.summary.length <= 70 && !step.summary.includes('\n'), 'summary is one short line');
    assert.ok(!step.summary.endsWith('.'), 'summary has no final period (docs add punctuation)');
    for (const text of [step.description, step.checkMode, step.changed]) assert.ok(text.trim().length > 0);
    assert.ok(step.examples.length >= 1 && step.examples.length <= 3, `${step.examples.length} examples`);
  });

  test(`${step.name}: the schema compiles strictly and has the agreed shape`, () => {
    assert.doesNotThrow(() => compiled(step.schema));
    assert.equal(step.schema.type, 'object');
    const extra = step.schema.additionalProperties;
    assert.ok(extra === false || step.name === 'set_fact', 'additionalProperties: false (set_fact alone takes any fact name)');
    const properties = (step.schema.properties ?? {}) as Record<string, JsonSchema>;
    assert.ok(Object.keys(properties).length > 0);
    for (const [name, prop] of Object.entries(properties)) {
      assert.match(name, /^[a-z][a-z0-9_]*$/, `${name} is snake_case as in Ansible`);
      assert.equal(typeof prop.description, 'string', `${name} has a description`);
      assert.ok(String(prop.description).length > 10, `${name} has a real description`);
    }
  });

  test(`${step.name}: every pattern comes with a hint a person can act on`, () => {
    walk(step.schema, step.name, (node, at) => {
      if (typeof node.pattern === 'string') assert.equal(typeof node.errorHint, 'string', `${at} has a pattern but no errorHint`);
    });
  });

  test(`${step.name}: free form, rules, aliases and hints name real arguments`, () => {
    const properties = Object.keys((step.schema.properties ?? {}) as Record<string, unknown>);
    if (step.freeForm) {
      assert.ok(properties.includes(step.freeForm), `freeForm ${step.freeForm} is an argument`);
      const schema = (step.schema.properties as Record<string, JsonSchema>)[step.freeForm]!;
      assert.equal(schema.type, 'string', 'the free-form argument takes a string');
    }
    for (const group of [...(step.conflicts ?? []), ...(step.requiresOneOf ?? [])]) {
      assert.ok(group.length >= 1);
      for (const name of group) assert.ok(properties.includes(name), `rule names unknown argument ${name}`);
    }
    for (const [alias, target] of Object.entries(step.aliases ?? {})) {
      assert.ok(!properties.includes(alias), `alias ${alias} is not itself an argument`);
      assert.ok(properties.includes(target), `alias ${alias} points at argument ${target}`);
    }
    for (const option of Object.keys(step.argumentHints ?? {})) assert.ok(!properties.includes(option), `${option} is an argument`);
  });
}
