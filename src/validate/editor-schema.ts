/**
 * A step's schema as editors should see it. The loader validates arguments with the plain
 * schema and drops issues about template strings (see `validate-step-args.ts`); an editor has
 * no such filter, so here every constrained value also accepts a `{{ template }}`, and the
 * definition's argument rules (`conflicts`, `requiresOneOf`) are spelt out with `not`/`anyOf`
 * plus VS Code's `errorMessage`, so the squiggles match what `certbook validate` says.
 */

import type { ArgumentSpec } from './argument-spec.js';
import type { JsonSchema } from './json-schema.js';

/**
 * A string that is rendered at run time; its type is only known then. Every schema file that
 * holds step schemas defines it once as `#/definitions/template`.
 */
export const TEMPLATE_STRING: JsonSchema = {
  type: 'string',
  pattern: '\\{\\{|\\{%',
  description: 'A {{ template }}, checked again after rendering.',
};

/** How step schemas refer to {@link TEMPLATE_STRING}. */
const TEMPLATE_REF: JsonSchema = { $ref: '#/definitions/template' };

/** Keywords that describe a value rather than constrain it; they stay on the outer schema. */
const ANNOTATIONS = ['description', 'default', 'sensitive', 'errorHint', 'title', 'examples'];

/**
 * The editor form of a step's argument schema (a new object; the definition is untouched). It
 * refers to `#/definitions/template`, which the file holding it must define.
 */
export function editorStepSchema(step: ArgumentSpec): JsonSchema {
  const schema = acceptTemplates(step.schema, false);
  const rules = [...conflictRules(step), ...requirementRules(step)];
  if (rules.length > 0) schema.allOf = rules;
  return schema;
}

/**
 * `schema` where every constrained value (and every nested one) may also be a template. With
 * `wrapSelf` false only the values inside are widened (for a root, or an `anyOf` branch whose
 * parent gets the template branch).
 */
export function acceptTemplates(schema: JsonSchema, wrapSelf = true): JsonSchema {
  const copy: JsonSchema = { ...schema };
  for (const key of ['properties', 'patternProperties']) {
    const map = copy[key] as Record<string, JsonSchema> | undefined;
    if (map) copy[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, acceptTemplates(v)]));
  }
  for (const key of ['additionalProperties', 'items']) {
    const sub = copy[key];
    if (sub && typeof sub === 'object' && !Array.isArray(sub)) copy[key] = acceptTemplates(sub as JsonSchema);
  }
  if (Array.isArray(copy.anyOf)) copy.anyOf = (copy.anyOf as JsonSchema[]).map((b) => acceptTemplates(b, false));
  annotateForEditors(copy);
  if (!wrapSelf || !needsTemplateBranch(copy)) return copy;
  return wrapWithTemplate(copy);
}

/** Plain strings and untyped values already accept a template; anything else needs a branch. */
function needsTemplateBranch(schema: JsonSchema): boolean {
  if (Array.isArray(schema.anyOf)) return true;
  if (Array.isArray(schema.enum)) return true;
  if (schema.type === undefined) return false;
  if (schema.type === 'string') return 'pattern' in schema || 'format' in schema;
  return !(Array.isArray(schema.type) && schema.type.includes('string'));
}

function wrapWithTemplate(schema: JsonSchema): JsonSchema {
  const outer: JsonSchema = {};
  const inner: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.includes(key)) outer[key] = value;
    else inner[key] = value;
  }
  const branches = Array.isArray(inner.anyOf) && Object.keys(inner).length === 1 ? (inner.anyOf as JsonSchema[]) : [inner];
  return { ...outer, anyOf: [...branches, TEMPLATE_REF] };
}

/** VS Code shows `description` on hover and `patternErrorMessage` when a pattern fails. */
function annotateForEditors(schema: JsonSchema): void {
  if (schema.sensitive === true && typeof schema.description === 'string') {
    schema.description = `${schema.description} Sensitive: redacted in every report.`;
  }
  if (typeof schema.pattern === 'string' && typeof schema.errorHint === 'string') {
    schema.patternErrorMessage = schema.errorHint;
  }
}

function conflictRules(step: ArgumentSpec): JsonSchema[] {
  return (step.conflicts ?? []).flatMap((group) =>
    pairs(group).map(([a, b]) => ({
      not: { required: [a, b] },
      errorMessage: `\`${a}\` and \`${b}\` cannot be used together: keep only one of ${group.map((n) => `\`${n}\``).join(', ')}.`,
    })),
  );
}

function requirementRules(step: ArgumentSpec): JsonSchema[] {
  return (step.requiresOneOf ?? []).map((group) => ({
    anyOf: group.map((name) => ({ required: [name] })),
    errorMessage: `${step.name} needs one of ${group.map((n) => `\`${n}\``).join(', ')}.`,
  }));
}

function pairs(group: readonly string[]): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  for (const [i, a] of group.entries()) for (const b of group.slice(i + 1)) result.push([a, b]);
  return result;
}
