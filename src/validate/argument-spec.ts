/**
 * What the validator needs to know about a step's arguments: their schema and the rules a JSON
 * Schema cannot say clearly. A step's definition (`steps/step.ts`) extends it; the validator
 * sits below the step library and names only this.
 */
import type { JsonSchema } from './json-schema.js';

/** A step's arguments as the validator sees them. */
export interface ArgumentSpec {
  /** The name used in playbooks (`shell`, `x509_info`). */
  name: string;
  /**
   * JSON Schema (draft-07) of the arguments: `type: object`, `properties` each with a
   * `description` (and `default` where there is one), `required`, `additionalProperties: false`.
   * A property may carry `sensitive: true`: its value is redacted everywhere.
   */
  schema: JsonSchema;
  /**
   * When set, the step accepts a plain string (`shell: echo hi`) and stores it under this
   * argument (`cmd`). Ansible's `key=value` pairs inside free form are not parsed.
   */
  freeForm?: string;
  /**
   * Groups of arguments that exclude each other: at most one of each group may be given.
   * Checked by `validateStepArgs` (CONFLICTING_ARGUMENTS) rather than with `oneOf`/`not` in
   * the schema, because ajv's messages for those say "must match exactly one schema".
   */
  conflicts?: ReadonlyArray<readonly string[]>;
  /**
   * Groups of arguments of which at least one must be given (MISSING_ARGUMENT). A group that
   * is also in `conflicts` means "exactly one of".
   */
  requiresOneOf?: ReadonlyArray<readonly string[]>;
  /** Hints for Ansible options this step does not take on purpose, option → what to do instead. */
  argumentHints?: Readonly<Record<string, string>>;
  /**
   * Ansible's aliases for this step's arguments (`dest` for `file`'s `path`), alias → name.
   * certbook takes one spelling per argument; using an alias is an unknown argument whose hint
   * names the certbook spelling.
   */
  aliases?: Readonly<Record<string, string>>;
}
