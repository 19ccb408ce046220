/**
 * The Ajv instances certbook uses, with our annotation keywords registered. Compiling a schema
 * costs far more than validating with it, so compiled validators are cached per schema object
 * for the life of the process, and the built-in schemas come precompiled in `dist/`
 * (`precompiled-validators.ts`): ajv itself is then loaded only for a schema the build did not
 * know (a team's own step) and never at import time.
 */
import { createRequire } from 'node:module';
import type { Ajv, Options, ValidateFunction } from 'ajv';
import type { JsonSchema } from './json-schema.js';
import { PRECOMPILED, type ValidatorKind } from './precompiled-validators.js';

// ajv and ajv-formats are CommonJS: `require` loads them synchronously, on first use.
const requireCjs = createRequire(import.meta.url);

/**
 * Annotation keywords of ours that may appear in any schema. They never change what validates;
 * they tell reporters and messages something about the value.
 */
export const ANNOTATION_KEYWORDS = {
  /** `sensitive: true`: the value is a secret and is redacted in every report and message. */
  sensitive: { type: 'boolean' },
  /** `errorHint: "…"`: the hint given when this value has the wrong type or shape. */
  errorHint: { type: 'string' },
} as const;

/**
 * VS Code's own schema keywords, used in the committed editor schemas: the messages shown when
 * a `pattern` or a whole (sub)schema fails. Registered so those schemas compile strictly too.
 */
export const EDITOR_KEYWORDS = {
  patternErrorMessage: { type: 'string' },
  errorMessage: { type: 'string' },
} as const;

/**
 * A new Ajv configured as certbook's. `overrides` exist for the editor schemas, which say "one
 * of these keys" with `required` inside `anyOf`/`not` (standard draft-07) and so need
 * `strictRequired: false`; step argument schemas are always compiled fully strict.
 */
export function createAjv(overrides: Options = {}): Ajv {
  const ajv = new (ajvClass())({
    allErrors: true,
    // parentSchema and data on each error: needed to collapse anyOf noise and to word messages.
    verbose: true,
    strict: true,
    // `type: [string, number, boolean]` for environment values is a deliberate union.
    allowUnionTypes: true,
    ...overrides,
  });
  (requireCjs('ajv-formats') as typeof import('ajv-formats')).default(ajv);
  for (const [keyword, metaSchema] of Object.entries({ ...ANNOTATION_KEYWORDS, ...EDITOR_KEYWORDS })) {
    ajv.addKeyword({ keyword, metaSchema, schemaType: metaSchema.type });
  }
  return ajv;
}

/**
 * The Ajv of play and task keywords (`keyword-check.ts`): the first error is enough, and the
 * schemas are plain (`keywords.ts`).
 */
export function createKeywordAjv(overrides: Options = {}): Ajv {
  return new (ajvClass())({ allErrors: false, strict: false, ...overrides });
}

function ajvClass(): typeof Ajv {
  return (requireCjs('ajv') as typeof import('ajv')).Ajv;
}

/**
 * What finds a schema among the precompiled validators: the length and FNV-1a hash of its JSON
 * text (`JSON.stringify`). A short key keeps the generated module small; the text itself is
 * checked against the validator's code before the validator is used (PrecompiledValidators).
 */
export function validatorKey(schemaText: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < schemaText.length; i++) hash = Math.imul(hash ^ schemaText.charCodeAt(i), 0x01000193);
  return `${schemaText.length}-${(hash >>> 0).toString(36)}`;
}

const instances: Partial<Record<ValidatorKind, Ajv>> = {};
const caches: Record<ValidatorKind, WeakMap<JsonSchema, ValidateFunction>> = { step: new WeakMap(), keyword: new WeakMap() };

/**
 * The validator of `schema`, made once: the build's precompiled one when there is one for this
 * exact schema, else compiled now (`kind` says with which Ajv: step arguments by default).
 * Throws when the schema itself is invalid.
 */
export function compiled(schema: JsonSchema, kind: ValidatorKind = 'step'): ValidateFunction {
  const cache = caches[kind];
  let validate = cache.get(schema);
  if (!validate) {
    const text = JSON.stringify(schema);
    validate = PRECOMPILED?.[kind].get(validatorKey(text))?.(text) ?? ajvOf(kind).compile(schema);
    cache.set(schema, validate);
  }
  return validate;
}

function ajvOf(kind: ValidatorKind): Ajv {
  instances[kind] ??= kind === 'step' ? createAjv() : createKeywordAjv();
  return instances[kind];
}
