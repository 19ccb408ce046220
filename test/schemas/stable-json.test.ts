/** Committed JSON is canonical: key order does not depend on how the code built the object. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stableJson } from '../../src/validate/stable-json.js';

test('the same object built in two orders gives the same bytes', () => {
  const a = { type: 'object', properties: { b: { type: 'string' }, a: { type: 'integer' } }, $schema: 'x', title: 't' };
  const b = { title: 't', $schema: 'x', properties: { a: { type: 'integer' }, b: { type: 'string' } }, type: 'object' };
  assert.equal(stableJson(a), stableJson(b));
});

test('schema keywords lead, other keys follow alphabetically, arrays keep their order', () => {
  const text = stableJson({ required: ['z', 'a'], additionalProperties: false, type: 'object', description: 'd', $schema: 's' });
  assert.deepEqual(Object.keys(JSON.parse(text) as object), ['$schema', 'description', 'type', 'additionalProperties', 'required']);
  assert.deepEqual((JSON.parse(text) as { required: string[] }).required, ['z', 'a']);
  assert.ok(text.endsWith('\n') && text.includes('\n  "type": "object"'));
});
