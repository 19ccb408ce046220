/**
 * Plain-English descriptions of what a keyword's schema expects, for messages such as
 * "`retries` expects an integer ≥ 0 or a {{ template }}, got a string". Values are described
 * by the validator's own words (validate/describe.ts), so both kinds of message agree.
 */

import { TYPE_WORDS } from '../validate/describe.js';
import type { JsonSchema } from '../validate/json-schema.js';

/** What a schema accepts, in words. Only the shapes used by keyword and step schemas. */
export function describeSchema(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives) return [...new Set(alternatives.map(describeSchema))].join(' or ');
  if (typeof schema.pattern === 'string' && schema.pattern.includes('\\{\\{')) return 'a {{ template }}';
  const type = schema.type;
  if (Array.isArray(type)) return type.map((t) => TYPE_WORDS[String(t)] ?? String(t)).join(' or ');
  if (type === 'array' && schema.items && typeof schema.items === 'object') {
    return `a list of ${plural(describeSchema(schema.items as JsonSchema))}`;
  }
  if (typeof type === 'string') {
    let text = TYPE_WORDS[type] ?? type;
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
