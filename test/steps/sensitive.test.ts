/** Sensitive arguments: found from the schemas, matched by path, redacted for reporters. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findStep, STEPS } from '../../src/steps/registry.js';
import type { StepDefinition } from '../../src/steps/step.js';
import { isSensitiveArg, redactArgs, sensitivePaths } from '../../src/validate/sensitive.js';

const command = findStep('command')!;

test('the sensitive paths of command and shell are stdin and every env value', () => {
  for (const name of ['command', 'shell']) {
    assert.deepEqual(sensitivePaths(findStep(name)!), [['stdin'], ['env', '*']]);
  }
});

test('isSensitiveArg matches wildcards and everything below a sensitive value', () => {
  assert.equal(isSensitiveArg(command, ['stdin']), true);
  assert.equal(isSensitiveArg(command, ['env', 'VAULT_TOKEN']), true);
  assert.equal(isSensitiveArg(command, ['env', 'VAULT_TOKEN', 0]), true);
  assert.equal(isSensitiveArg(command, ['env']), false, 'the map itself is not secret; its values are');
  assert.equal(isSensitiveArg(command, ['cmd']), false);
  assert.equal(isSensitiveArg(command, []), false);
});

test('redactArgs replaces exactly the sensitive values', () => {
  const args = { cmd: 'login', stdin: 'hunter2', env: { TOKEN: 'abc', LEVEL: 3 } };
  assert.deepEqual(redactArgs(command, args), { cmd: 'login', stdin: '********', env: { TOKEN: '********', LEVEL: '********' } });
  assert.equal(args.stdin, 'hunter2', 'the input is not modified');
});

test('a schema marks a value sensitive wherever it is nested', () => {
  const step: StepDefinition = {
    ...command,
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        users: { type: 'array', items: { type: 'object', properties: { password: { type: 'string', sensitive: true } } } },
        token: { anyOf: [{ type: 'string', sensitive: true }, { type: 'null' }] },
      },
    },
  };
  assert.deepEqual(sensitivePaths(step), [['users', '*', 'password'], ['token']]);
  assert.equal(isSensitiveArg(step, ['users', 3, 'password']), true);
  assert.equal(isSensitiveArg(step, ['users', 3, 'name']), false);
});

test('steps without secrets have no sensitive paths', () => {
  const withSecrets = [...STEPS.values()].filter((s) => sensitivePaths(s).length > 0).map((s) => s.name);
  assert.deepEqual(withSecrets, ['command', 'shell', 'uri']);
});
