/**
 * Checks a play or task keyword's value against its schema from `keywords.ts` and turns the
 * verdict into one readable sentence (ajv's own messages name schema internals).
 */
import type { Pair } from 'yaml';
import type { ProblemCode } from '../errors/codes.js';
import { closest } from '../errors/suggest.js';
import { compiled } from '../validate/ajv.js';
import { describeValue } from '../validate/describe.js';
import type { JsonSchema } from '../validate/json-schema.js';
import { describeSchema } from './describe-schema.js';
import { deref, type LoadContext, plain } from './load-context.js';

/** What is wrong with a keyword's value. */
export interface KeywordMistake {
  code: Extract<ProblemCode, 'WRONG_TYPE' | 'INVALID_VALUE'>;
  /** Completes "`keyword` …". */
  message: string;
  hint?: string;
}

const IDENTIFIER = '^[A-Za-z_][A-Za-z0-9_]*$';
/** The pattern of a keyword whose whole value must be one `{{ … }}` template (keywords.ts). */
const WHOLE_TEMPLATE = '^\\s*\\{\\{.*\\}\\}\\s*$';

/** Undefined when `value` fits `schema`; otherwise what is wrong, without the keyword's name. */
export function checkKeywordValue(schema: JsonSchema, value: unknown): KeywordMistake | undefined {
  const validate = compiled(schema, 'keyword');
  if (validate(value)) return undefined;
  if (Array.isArray(schema.enum) && typeof value === 'string') {
    const choices = schema.enum.map(String);
    const near = closest(value, choices);
    return {
      code: 'INVALID_VALUE',
      message: `must be one of ${choices.map((c) => `\`${c}\``).join(', ')}, got \`${value}\``,
      ...(near ? { hint: `did you mean \`${near}\`?` } : {}),
    };
  }
  if (schema.pattern === IDENTIFIER && typeof value === 'string' && !new RegExp(IDENTIFIER).test(value)) {
    return {
      code: 'INVALID_VALUE',
      message: `must be a variable name (letters, digits and \`_\`, not starting with a digit), got \`${value}\``,
      hint: `did you mean \`${String(value)
        .replace(/[^A-Za-z0-9_]/g, '_')
        .replace(/^(\d)/, '_$1')}\`?`,
    };
  }
  if ((schema.pattern as string) === WHOLE_TEMPLATE && typeof value === 'string') {
    const bare = String(value).trim();
    return {
      code: 'INVALID_VALUE',
      message: `must be one \`{{ … }}\` template, got \`${value}\``,
      hint: /^[A-Za-z_][A-Za-z0-9_.]*$/.test(bare)
        ? `did you mean \`"{{ ${bare} }}"\`?`
        : 'write the whole value as one template, e.g. `"{{ k3s_cluster_name }}"`',
    };
  }
  const badName = badPropertyName(schema, value);
  if (badName !== undefined) {
    return {
      code: 'INVALID_VALUE',
      message: `has a name that is not a variable name: \`${badName}\``,
      hint: 'names are letters, digits and `_`, not starting with a digit',
    };
  }
  const error = validate.errors?.[0];
  // Inside a list or map, name the element that is wrong rather than the whole value.
  if (error?.instancePath && error.keyword !== 'anyOf') {
    return {
      code: 'WRONG_TYPE',
      message: `expects ${describeSchema(schema)}; the item at ${error.instancePath} ${error.message ?? 'is invalid'}`,
    };
  }
  return { code: 'WRONG_TYPE', message: `expects ${describeSchema(schema)}, got ${describeValue(value)}${quoted(value)}` };
}

/** A mapping whose schema branch restricts its keys (`environment`): the first key it refuses. */
function badPropertyName(schema: JsonSchema, value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const branches = (schema.anyOf as JsonSchema[] | undefined) ?? [schema];
  const names = branches.find((b) => b.type === 'object' && b.propertyNames)?.propertyNames as { pattern?: string } | undefined;
  if (!names?.pattern) return undefined;
  const pattern = new RegExp(names.pattern);
  return Object.keys(value).find((k) => !pattern.test(k));
}

/** Short scalars are quoted back so the user sees what certbook read (YAML 1.1 surprises). */
function quoted(value: unknown): string {
  if (typeof value === 'string' && value.length <= 40) return ` ("${value}")`;
  if (typeof value === 'number' || typeof value === 'boolean') return ` (${String(value)})`;
  return '';
}

/**
 * Reads a keyword's value from its YAML pair and checks it; on a mistake the problem is
 * recorded at the value and undefined is returned, so callers simply skip the keyword.
 */
export function readKeyword(ctx: LoadContext, schema: JsonSchema, key: string, pair: Pair): { value: unknown } | undefined {
  const value = plain(ctx, pair.value);
  const mistake = checkKeywordValue(schema, value);
  if (!mistake) return { value };
  ctx.problems.add(ctx.source.problemAt(deref(ctx, pair.value) ?? pair.key, mistake.code, `\`${key}\` ${mistake.message}`, mistake.hint));
  return undefined;
}
