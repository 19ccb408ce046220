/**
 * The step schemas' builders (src/steps/typebox-builders.ts) build exactly what TypeBox's own
 * do: the same keys in the same order, the `Kind` mark included, for plain and extended options.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Type as TypeBox } from '@sinclair/typebox';
import { Type } from '../../src/steps/typebox-builders.js';

const OPTIONS = [undefined, {}, { description: 'd' }, { description: 'd', default: 3, minimum: 0, errorHint: 'h', sensitive: true }];

/** A schema as data, symbol keys and key order included. */
function shape(schema: object): unknown {
  return [Reflect.ownKeys(schema).map(String), schema];
}

test('String, Boolean, Integer and Array are built as TypeBox builds them', () => {
  for (const options of OPTIONS) {
    const label = JSON.stringify(options);
    assert.deepStrictEqual(shape(Type.String(options)), shape(TypeBox.String(options)), label);
    assert.deepStrictEqual(shape(Type.Boolean(options)), shape(TypeBox.Boolean(options)), label);
    assert.deepStrictEqual(shape(Type.Integer(options)), shape(TypeBox.Integer(options)), label);
    assert.deepStrictEqual(shape(Type.Array(Type.String(), options)), shape(TypeBox.Array(TypeBox.String(), options)), label);
  }
});

test('Unsafe copies the schema given and marks it, keeping a mark it already has', () => {
  const schema = { type: 'string', enum: ['a', 'b'], description: 'd' };
  assert.deepStrictEqual(shape(Type.Unsafe(schema)), shape(TypeBox.Unsafe(schema)));
  assert.notEqual(Type.Unsafe(schema), schema);
  assert.deepStrictEqual(shape(Type.Unsafe()), shape(TypeBox.Unsafe()));
  const marked = TypeBox.String({ description: 'd' });
  assert.deepStrictEqual(shape(Type.Unsafe(marked)), shape(TypeBox.Unsafe(marked)));
});
