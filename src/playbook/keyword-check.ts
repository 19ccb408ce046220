/**
 * Checks a play or task keyword's value against its schema from `keywords.ts` and turns the
 * verdict into one readable sentence (ajv's own messages name schema internals).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { JsonSchema } from './keywords.js';
import { describeSchema, describeValue } from './describe-schema.js';

const ajv = new Ajv({ allErrors: false, strict: false });
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/**
 * Undefined when `value` fits `schema`; otherwise "expects X, got Y" (without the keyword
 * name, which the caller prefixes).
 */
export function checkKeywordValue(schema: JsonSchema, value: unknown): string | undefined {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return undefined;
  const error = validate.errors?.[0];
  // Inside a list or map, name the element that is wrong rather than the whole value.
  if (error && error.instancePath && error.keyword !== 'anyOf') {
    return `expects ${describeSchema(schema)}; the item at ${error.instancePath} ${error.message ?? 'is invalid'}`;
  }
  return `expects ${describeSchema(schema)}, got ${describeValue(value)}`;
}
