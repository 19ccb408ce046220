/**
 * `loop:` must be a list. The messages are ansible-core 2.14.18's (recorded with
 * `ansible-playbook -i localhost, -c local`), with the value in Python's `str()` form; only the
 * hint differs, as certbook has no lookup plugins to hint about.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { PyFloat } from '../../src/python/py-number.js';
import { UnsafeText } from '../../src/python/unsafe-text.js';
import { loopItemsError } from '../../src/runner/loop-items.js';
import { runCli } from '../cli/run-cli.js';

const PREFIX = "Invalid data passed to 'loop', it requires a list, got this instead: ";

test('a list is fine; anything else is shown as Python shows it', () => {
  assert.equal(loopItemsError([1, 2]), undefined);
  assert.equal(loopItemsError({ a: 1, b: ['x', new PyFloat(2)] })?.startsWith(`${PREFIX}{'a': 1, 'b': ['x', 2.0]}. Hint: `), true);
  assert.match(loopItemsError({ a: 1 })!, /dict2items/);
  assert.equal(loopItemsError('abc'), `${PREFIX}abc`);
  assert.equal(loopItemsError(new UnsafeText('a{{b}}')), `${PREFIX}a{{b}}`);
  assert.equal(loopItemsError(5), `${PREFIX}5`);
});

test('a run fails the task with that message', async () => {
  const fixtures = join(import.meta.dirname, '..', 'fixtures');
  const result = await runCli(
    ['run', join(fixtures, 'runner', 'loop-over-dict.yaml'), '-i', join(fixtures, 'ansible-output', 'inv-local.yaml')],
    { env: { CI: 'true' } },
  );
  assert.equal(result.code, 2, result.stderr);
  assert.ok(result.stdout.includes(`"msg": "${PREFIX}{'a': 1, 'b': ['x', 2.0]}. Hint: `), result.stdout);
});
