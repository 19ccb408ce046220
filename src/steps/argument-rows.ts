/**
 * A step's arguments as rows of plain facts (name, type, required, default, choices, sensitive,
 * description), read from its schema. Both renderers of the reference use these rows, so the
 * terminal and Markdown docs say the same thing, and neither can drift from the schema.
 */
import type { JsonSchema } from '../validate/json-schema.js';
import { isSensitiveArg } from '../validate/sensitive.js';
import type { StepDefinition } from './step.js';

/** One argument, ready to print. */
export interface ArgumentRow {
  name: string;
  /** Short type: `string`, `integer`, `boolean`, `list of strings`, `string or list`, `mapping`, `any`. */
  type: string;
  /** `yes`, `no`, or `see rules` when a rule of the step decides (exactly/at least one of …). */
  required: 'yes' | 'no' | 'see rules';
  /** The default as the user would write it, or '' when there is none. */
  defaultValue: string;
  /** The allowed values, e.g. `started, stopped`; '' when not a fixed list. */
  choices: string;
  /** The allowed numeric range, e.g. `1 to 65535` or `≥ 1`; '' when unbounded (or only ≥ 0). */
  range: string;
  sensitive: boolean;
  description: string;
}

/** The step's arguments, in the order its schema lists them. */
export function argumentRows(step: StepDefinition): ArgumentRow[] {
  const properties = (step.schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((step.schema.required ?? []) as string[]);
  const ruled = new Set((step.requiresOneOf ?? []).flat());
  const rows: ArgumentRow[] = Object.entries(properties).map(([name, schema]) => ({
    name,
    type: typeOf(schema),
    required: required.has(name) ? 'yes' : ruled.has(name) ? 'see rules' : 'no',
    defaultValue: schema.default === undefined ? '' : shown(schema.default),
    choices: choicesOf(schema),
    range: rangeOf(schema),
    sensitive: isSensitiveArg(step, [name]) || isSensitiveArg(step, [name, '*']),
    description: typeof schema.description === 'string' ? schema.description : '',
  }));
  const other = step.schema.additionalProperties;
  if (other && typeof other === 'object') rows.push(otherKeysRow(step, other as JsonSchema));
  return rows;
}

/** The row for a step that takes arbitrary keys (`set_fact`): `<name>` stands for any of them. */
function otherKeysRow(step: StepDefinition, schema: JsonSchema): ArgumentRow {
  return {
    name: '<name>',
    type: typeOf(schema),
    required: step.schema.minProperties ? 'see rules' : 'no',
    defaultValue: '',
    choices: '',
    range: '',
    sensitive: schema.sensitive === true,
    description: typeof schema.description === 'string' ? schema.description : '',
  };
}

/** The step's argument rules (`conflicts`, `requiresOneOf`) as sentences. */
export function argumentRules(step: StepDefinition): string[] {
  const rules: string[] = [];
  const required = (step.requiresOneOf ?? []).map((g) => [...g].sort().join(','));
  for (const group of step.conflicts ?? []) {
    const exactly = required.includes([...group].sort().join(','));
    rules.push(`${exactly ? 'Exactly' : 'At most'} one of ${group.map((n) => `\`${n}\``).join(', ')}.`);
  }
  if (typeof step.schema.minProperties === 'number') rules.push('At least one key must be given.');
  const conflicting = (step.conflicts ?? []).map((g) => [...g].sort().join(','));
  for (const group of step.requiresOneOf ?? []) {
    if (conflicting.includes([...group].sort().join(','))) continue;
    rules.push(`At least one of ${group.map((n) => `\`${n}\``).join(', ')}.`);
  }
  return rules;
}

/** A short name for what a schema accepts. */
export function typeOf(schema: JsonSchema): string {
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives) {
    const types = alternatives.map(typeOf);
    if (types.length === 2 && types[1] === `list of ${types[0]}s`) return `${types[0]} or list`;
    return types.join(' or ');
  }
  if (Array.isArray(schema.enum)) {
    const kinds = [...new Set(schema.enum.map((v) => typeof v))];
    return kinds.length === 1 ? (kinds[0] === 'string' ? 'string' : String(kinds[0])) : `${kinds.join(' or ')}`;
  }
  const type = schema.type;
  if (Array.isArray(type)) return type.join(' or ');
  if (type === 'array') {
    const items = schema.items as JsonSchema | undefined;
    return items ? `list of ${typeOf(items) === 'mapping' ? 'mappings' : `${typeOf(items)}s`}` : 'list';
  }
  if (type === 'object') return 'mapping';
  return typeof type === 'string' ? type : 'any';
}

function choicesOf(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map(shown).join(', ');
  return '';
}

function rangeOf(schema: JsonSchema): string {
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives) return [...new Set(alternatives.map(rangeOf).filter(Boolean))].join('; ');
  if (schema.type === 'array' && schema.items) return rangeOf(schema.items as JsonSchema);
  const min = schema.minimum;
  const max = schema.maximum;
  if (typeof min === 'number' && typeof max === 'number') return `${min} to ${max}`;
  if (typeof min === 'number' && min > 0) return `≥ ${min}`;
  return '';
}

/** A value as it would be written in YAML flow style. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(shown).join(', ')}]`;
  if (typeof value === 'string') return value === '' ? "''" : value;
  return JSON.stringify(value);
}
