/**
 * The validators `npm run build` generates from every built-in schema
 * (`src/schema-files/standalone-validators.ts`): in `dist/`, esbuild replaces this module with
 * the generated code, so the bundle loads ready functions instead of compiling schemas at every
 * start (compiling cost ~0.2 s of `run --syntax-check`, loading ajv ~70 ms more). Run from
 * `src/` (tsx), there are none and every schema is compiled on first use, as before.
 *
 * Only `PRECOMPILED` and types may live here: the build drops everything else in this file.
 */
import type { ValidateFunction } from 'ajv';

/** The two ways certbook validates: step arguments, and play and task keywords. */
export type ValidatorKind = 'step' | 'keyword';

/**
 * Per kind, the validators by their schema's key (`validatorKey` of its JSON text), each made
 * on first call given that text: undefined unless the validator was generated from exactly
 * that schema. A schema not here (a team's own step) is compiled instead.
 */
export type PrecompiledValidators = Readonly<
  Record<ValidatorKind, ReadonlyMap<string, (schemaText: string) => ValidateFunction | undefined>>
>;

/** The generated validators, or undefined when running from `src/`. */
export const PRECOMPILED: PrecompiledValidators | undefined = undefined;
