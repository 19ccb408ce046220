/**
 * The one Ajv instance certbook uses, with our annotation keywords registered. Compiling a
 * schema costs far more than validating with it, so compiled validators are cached per schema
 * object for the life of the process.
 */
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import type { JsonSchema } from './json-schema.js';

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
  const ajv = new Ajv({
    allErrors: true,
    // parentSchema and data on each error: needed to collapse anyOf noise and to word messages.
    verbose: true,
    strict: true,
    // `type: [string, number, boolean]` for environment values is a deliberate union.
    allowUnionTypes: true,
    ...overrides,
  });
  formats.default(ajv);
  for (const [keyword, metaSchema] of Object.entries({ ...ANNOTATION_KEYWORDS, ...EDITOR_KEYWORDS })) {
    ajv.addKeyword({ keyword, metaSchema, schemaType: metaSchema.type });
  }
  return ajv;
}

/** The shared instance. Exported for tests and for the schema writer's sanity checks. */
export const ajv: Ajv = createAjv();

const cache = new WeakMap<JsonSchema, ValidateFunction>();

/** The compiled validator of `schema`, compiled once. Throws when the schema itself is invalid. */
export function compiled(schema: JsonSchema): ValidateFunction {
  let validate = cache.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    cache.set(schema, validate);
  }
  return validate;
}
