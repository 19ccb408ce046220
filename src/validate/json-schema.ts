/**
 * The type of a JSON Schema fragment. Step arguments, playbook keywords, the inventory and the
 * committed `schemas/` are all JSON Schemas; the type lives here, at the bottom with the validator,
 * so that every layer can name it without importing the playbook language.
 */

/** A JSON Schema fragment (draft-07). */
export type JsonSchema = Record<string, unknown>;
