/**
 * One ajv error → one argument issue worded for a person: which argument, what was expected,
 * what was given (unless it is a secret), and what to do about it.
 */
import type { ErrorObject } from 'ajv';
import { didYouMean } from '../errors/suggest.js';
import { type ArgPath, formatPath, parseInstancePath } from './arg-path.js';
import type { ArgumentSpec } from './argument-spec.js';
import { describeSchema, describeValue, jsonType, quoteValue } from './describe.js';
import type { JsonSchema } from './json-schema.js';
import { isSensitiveArg } from './sensitive.js';
import type { ArgIssue } from './validate-step-args.js';

/** What every conversion needs: the step and the arguments as given. */
export interface IssueContext {
  step: ArgumentSpec;
  args: unknown;
}

/** The issue for `error`, or undefined for errors that only echo another one. */
export function issueFromError(ctx: IssueContext, error: ErrorObject): ArgIssue | undefined {
  const path = parseInstancePath(error.instancePath, ctx.args);
  const schema = (error.parentSchema ?? {}) as JsonSchema;
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownKey(ctx, path, String(error.params.additionalProperty), schema);
    case 'required':
      return missing(ctx, path, String(error.params.missingProperty), schema);
    case 'dependencies': {
      // `dependencies: {state: [name]}`: an argument that only works with another one. The same
      // message for each argument that needs it, so the issue is reported once.
      const issue = missing(ctx, path, String(error.params.missingProperty), schema);
      return { ...issue, hint: `\`${String(error.params.property)}\` needs it: ${issue.hint}` };
    }
    case 'type':
    case 'anyOf':
    case 'oneOf':
      // An alternative left after collapsing is one whose every branch wanted another type.
      return wrongType(ctx, path, schema, error.data);
    case 'enum':
    case 'const':
      return notAChoice(ctx, path, schema, error.data);
    case 'propertyNames':
      return badName(path, String(error.params.propertyName), schema);
    case 'minProperties':
      if (path.length === 0)
        return { code: 'MISSING_ARGUMENT', path, message: 'needs at least one argument', hint: hintOf(schema) ?? seeReference(ctx) };
      return invalid(ctx, path, schema, error.data, 'must not be empty');
    default:
      return invalid(ctx, path, schema, error.data, shapeProblem(error));
  }
}

function wrongType(ctx: IssueContext, path: ArgPath, schema: JsonSchema, value: unknown): ArgIssue {
  const secret = isSensitiveArg(ctx.step, path) || schema.sensitive === true;
  const quoted = quoteValue(value, secret);
  let got = describeValue(value);
  if (quoted !== undefined)
    got = typeof value === 'boolean' ? `\`${quoted}\`` : typeof value === 'string' ? `${got} ("${quoted}")` : `${got} (${quoted})`;
  return {
    code: 'WRONG_TYPE',
    path,
    message:
      path.length === 0 ? `expected a mapping of arguments, got ${got}` : `${subject(path)} expected ${describeSchema(schema)}, got ${got}`,
    hint: hintOf(schema) ?? typeHint(schema, value, secret) ?? seeReference(ctx),
  };
}

function unknownKey(ctx: IssueContext, parent: ArgPath, key: string, schema: JsonSchema): ArgIssue {
  const known = Object.keys((schema.properties ?? {}) as Record<string, unknown>);
  const path = [...parent, key];
  if (parent.length > 0) {
    return {
      code: 'UNKNOWN_ARGUMENT',
      path,
      message: `unknown key \`${key}\` in \`${formatPath(parent)}\``,
      hint: didYouMean(key, known) ?? `it takes: ${known.join(', ')}`,
    };
  }
  const alias = ctx.step.aliases?.[key];
  const hint =
    alias !== undefined
      ? `\`${key}\` is an Ansible alias; certbook spells it \`${alias}\``
      : (ctx.step.argumentHints?.[key] ?? didYouMean(key, known) ?? `${ctx.step.name} takes: ${known.join(', ')}`);
  return { code: 'UNKNOWN_ARGUMENT', path, message: `unknown argument \`${key}\``, hint };
}

function missing(ctx: IssueContext, parent: ArgPath, key: string, schema: JsonSchema): ArgIssue {
  const property = ((schema.properties ?? {}) as Record<string, JsonSchema>)[key];
  const what = parent.length === 0 ? 'argument' : `key in \`${formatPath(parent)}\``;
  const description = typeof property?.description === 'string' ? firstSentence(property.description) : undefined;
  return {
    code: 'MISSING_ARGUMENT',
    path: parent,
    message: `missing required ${what} \`${key}\``,
    hint: description ? `add \`${key}:\`, ${lowerFirst(description)}` : seeReference(ctx),
  };
}

function notAChoice(ctx: IssueContext, path: ArgPath, schema: JsonSchema, value: unknown): ArgIssue {
  const choices = (Array.isArray(schema.enum) ? schema.enum : [schema.const]).map((c) => String(c));
  const quoted = quoteValue(value, isSensitiveArg(ctx.step, path) || schema.sensitive === true);
  const list = choices.map((c) => `\`${c}\``).join(', ');
  return {
    code: 'INVALID_VALUE',
    path,
    message: `${subject(path)} must be ${choices.length === 1 ? list : `one of ${list}`}${quoted === undefined ? '' : `, got \`${quoted}\``}`,
    hint: (quoted === undefined ? undefined : didYouMean(quoted, choices)) ?? `choose one of ${list}`,
  };
}

function badName(parent: ArgPath, name: string, schema: JsonSchema): ArgIssue {
  return {
    code: 'INVALID_VALUE',
    path: [...parent, name],
    message: `\`${name}\` is not a valid name${parent.length === 0 ? '' : ` in \`${formatPath(parent)}\``}`,
    hint: hintOf((schema.propertyNames ?? {}) as JsonSchema) ?? 'names are letters, digits and `_`, and do not start with a digit',
  };
}

function invalid(ctx: IssueContext, path: ArgPath, schema: JsonSchema, value: unknown, problem: string): ArgIssue {
  const quoted = quoteValue(value, isSensitiveArg(ctx.step, path) || schema.sensitive === true);
  return {
    code: 'INVALID_VALUE',
    path,
    message: `${subject(path)} ${problem}${quoted === undefined ? '' : `, got \`${quoted}\``}`,
    hint: hintOf(schema) ?? `expected ${describeSchema(schema)}`,
  };
}

/** The problem with a value of the right type, in words. */
function shapeProblem(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'minimum':
      return `must be ≥ ${String(p.limit)}`;
    case 'maximum':
      return `must be ≤ ${String(p.limit)}`;
    case 'exclusiveMinimum':
      return `must be > ${String(p.limit)}`;
    case 'exclusiveMaximum':
      return `must be < ${String(p.limit)}`;
    case 'minItems':
      return `needs at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `takes at most ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'minLength':
      return 'must not be empty';
    case 'maxLength':
      return `is longer than ${String(p.limit)} characters`;
    case 'uniqueItems':
      return 'lists the same item twice';
    case 'format':
      return `is not a valid ${String(p.format)}`;
    case 'pattern':
      return 'is not in the expected form';
    default:
      return String(error.message ?? 'is not allowed');
  }
}

/** Common type mistakes and their fix, when the schema gives no hint of its own. Never shows a secret. */
function typeHint(schema: JsonSchema, value: unknown, secret: boolean): string | undefined {
  const want = schema.type;
  if ((want === 'integer' || want === 'number') && typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
    return secret ? 'write the number without quotes' : `write the number without quotes: ${value.trim()}`;
  }
  if (want === 'boolean' && typeof value === 'string') return 'write true or false without quotes';
  if (want === 'string' && typeof value === 'boolean')
    return "YAML reads yes, no, on, off, true and false as booleans: quote the text, e.g. 'yes'";
  if (want === 'string' && typeof value === 'number')
    return secret ? 'quote it to make it text' : `quote it to make it text: '${String(value)}'`;
  if (want === 'array' && jsonType(value) !== 'array') return 'write a list: `[a, b]`, or one item per line starting with `- `';
  if (want === 'object' && jsonType(value) !== 'object') return 'write a mapping: `{ key: value }`, or one `key: value` per indented line';
  return undefined;
}

/** How a message names the value it is about: `` `valid_at.soon` ``, or "the arguments". */
function subject(path: ArgPath): string {
  return path.length === 0 ? 'the arguments' : `\`${formatPath(path)}\``;
}

function hintOf(schema: JsonSchema): string | undefined {
  return typeof schema.errorHint === 'string' ? schema.errorHint : undefined;
}

function seeReference(ctx: IssueContext): string {
  return `see \`certbook steps ${ctx.step.name}\``;
}

function firstSentence(text: string): string {
  const match = /^(.+?[.!?])(\s|$)/.exec(text);
  return (match ? match[1]! : text).replace(/[.!?]$/, '');
}

function lowerFirst(text: string): string {
  return text.length > 1 && /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
