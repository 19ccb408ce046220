/**
 * Plain-English descriptions of what a schema expects and what a value is, for messages such
 * as "`retries` expects an integer ≥ 0 or a {{ template }}, got a string".
 */
import type { JsonSchema } from './keywords.js';

const ARTICLE: Record<string, string> = {
  string: 'a string',
  boolean: 'a boolean (true/false)',
  integer: 'an integer',
  number: 'a number',
  array: 'a list',
  object: 'a mapping',
  null: 'nothing (null)',
};

/** What kind of YAML value this is, with an article: "a string", "a list". */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'object') return 'a mapping';
  return ARTICLE[typeof value] ?? `a ${typeof value}`;
}

/** What a schema accepts, in words. Only the shapes used by keyword and step schemas. */
export function describeSchema(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives) return [...new Set(alternatives.map(describeSchema))].join(' or ');
  if (typeof schema.pattern === 'string' && schema.pattern.includes('\\{\\{')) return 'a {{ template }}';
  const type = schema.type;
  if (Array.isArray(type)) return type.map((t) => ARTICLE[String(t)] ?? String(t)).join(' or ');
  if (type === 'array' && schema.items && typeof schema.items === 'object') {
    return `a list of ${plural(describeSchema(schema.items as JsonSchema))}`;
  }
  if (typeof type === 'string') {
    let text = ARTICLE[type] ?? type;
    if (typeof schema.minimum === 'number' && schema.minimum === 0) text += ' ≥ 0';
    else if (typeof schema.minimum === 'number') text += ` ≥ ${schema.minimum}`;
    if (typeof schema.pattern === 'string' && schema.pattern.endsWith('%$')) text = 'a percentage such as "30%"';
    return text;
  }
  return 'a value';
}

function plural(phrase: string): string {
  return phrase.replace(/^an? (\w+)/, (_m, noun: string) => (noun === 'mapping' ? 'mappings' : `${noun}s`));
}
