import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NO_TAG_FILTER, selectedByTags } from '../../src/playbook/tags.js';

// Each row: task tags, --tags, --skip-tags, whether Ansible runs the task (ansible-core 2.14 evaluate_tags).
const cases: Array<[string[], string[], string[], boolean]> = [
  [[], ['all'], [], true],
  [['a'], ['all'], [], true],
  [['never'], ['all'], [], false],
  [['never', 'a'], ['a'], [], true],
  [['always'], ['b'], [], true],
  [['always'], ['all'], ['always'], false],
  [['always'], ['all'], ['all'], true],
  [['a'], ['all'], ['all'], false],
  [['a'], ['b'], [], false],
  [['a'], ['tagged'], [], true],
  [[], ['tagged'], [], false],
  [[], ['untagged'], [], true],
  [['a'], ['untagged'], [], false],
  [['a'], ['all'], ['tagged'], false],
  [[], ['all'], ['tagged'], true],
  [['a', 'b'], ['all'], ['b'], false],
];

for (const [tags, only, skip, expected] of cases) {
  test(`tags [${tags}] with --tags ${only} --skip-tags ${skip || '-'} → ${expected ? 'runs' : 'skipped'}`, () => {
    assert.equal(selectedByTags(tags, { only, skip }), expected);
  });
}

test('without filters every task but `never` runs', () => {
  assert.equal(selectedByTags(['x'], NO_TAG_FILTER), true);
  assert.equal(selectedByTags(['never'], NO_TAG_FILTER), false);
});
