/**
 * Plain-English words for values and for what schemas accept, so argument issues read
 * "expected an integer, got a string" rather than ajv's "must be integer".
 */
import type { JsonSchema } from './json-schema.js';

/** Each JSON Schema type in words, with its article. */
export const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  boolean: 'a boolean (true/false)',
  integer: 'an integer',
  number: 'a number',
  array: 'a list',
  object: 'a mapping',
  null: 'nothing (null)',
};

/** The JSON type of a YAML value, as JSON Schema names it (`integer` for whole numbers). */
export function jsonType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** "a string", "an integer", "a list" … */
export function describeValue(value: unknown): string {
  const type = jsonType(value);
  return TYPE_WORDS[type] ?? `a ${type}`;
}

/** The value itself, short enough for a message, or undefined when it must not be shown. */
export function quoteValue(value: unknown, sensitive: boolean): string | undefined {
  if (sensitive || value === null || typeof value === 'object') return undefined;
  const text = String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** Does `schema`'s `type` accept `value`? (`number` accepts integers.) Untyped schemas accept all. */
export function typeAccepts(schema: JsonSchema, value: unknown): boolean {
  const declared = schema.type;
  if (declared === undefined) {
    if (Array.isArray(schema.enum)) return schema.enum.some((v) => jsonType(v) === jsonType(value));
    return true;
  }
  const types = Array.isArray(declared) ? declared.map(String) : [String(declared)];
  const actual = jsonType(value);
  return types.includes(actual) || (actual === 'integer' && types.includes('number'));
}

/** What a schema accepts, in words: "an integer ≥ 1", "a string or a list of strings". */
export function describeSchema(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives) return either([...new Set(alternatives.map(describeSchema))]);
  const type = schema.type;
  if (Array.isArray(type)) return either(type.map((t) => TYPE_WORDS[String(t)] ?? String(t)));
  if (type === 'array' && schema.items && typeof schema.items === 'object') {
    return `a list of ${plural(describeSchema(schema.items as JsonSchema))}`;
  }
  if (typeof type !== 'string') return 'a value';
  let text = TYPE_WORDS[type] ?? type;
  if (typeof schema.minimum === 'number' && typeof schema.maximum === 'number') text += ` from ${schema.minimum} to ${schema.maximum}`;
  else if (typeof schema.minimum === 'number') text += ` ≥ ${schema.minimum}`;
  return text;
}

/** "a, b or c". */
function either(words: readonly string[]): string {
  return words.length <= 2 ? words.join(' or ') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)!}`;
}

function plural(phrase: string): string {
  return phrase.replace(/^an? (\w+)/, (_m, noun: string) => (noun === 'mapping' ? 'mappings' : `${noun}s`));
}
