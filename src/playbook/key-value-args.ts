/**
 * Ansible's one-line argument form, `debug: msg=hello` or `file: path=/x state=absent`, for
 * steps that take no free-form text. Words are split exactly as Ansible splits them; values
 * are strings, converted where the step's schema says integer, number or boolean (as Ansible's
 * argument spec converts them), so the schema check that follows sees what the author meant.
 */
import type { JsonSchema } from '../validate/json-schema.js';
import { type KeyValues, parseKv, SplitArgsError } from './split-args.js';

/** The arguments, or why the text is not `key=value` words. */
export type KeyValueArgs = { args: Record<string, unknown> } | { error: string };

/** Parses `text` as `key=value` words for a step whose schema is `schema`. */
export function keyValueArgs(text: string, schema: JsonSchema): KeyValueArgs {
  let parsed: KeyValues;
  try {
    parsed = parseKv(text);
  } catch (error) {
    if (error instanceof SplitArgsError) return { error: error.message };
    throw error;
  }
  if (parsed.rawWords.length > 0 || Object.keys(parsed.pairs).length === 0) {
    return { error: `\`${parsed.rawWords[0] ?? text}\` is not a \`key=value\` argument` };
  }
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed.pairs)) args[key] = convert(value, properties[key]);
  return { args };
}

function convert(value: string, schema: JsonSchema | undefined): unknown {
  const types = new Set([schema?.type].flat().filter((t): t is string => typeof t === 'string'));
  if ((types.has('integer') && /^-?\d+$/.test(value)) || (types.has('number') && /^-?\d+(\.\d+)?$/.test(value))) return Number(value);
  if (types.has('boolean') && /^(yes|no|true|false|on|off|1|0)$/i.test(value)) return /^(yes|true|on|1)$/i.test(value);
  return value;
}
