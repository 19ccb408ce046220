/**
 * The five TypeBox builders the step schemas use (`schema-helpers.ts`), building what TypeBox
 * 0.34 builds (`{ ...options, [Kind]: …, type: … }`, test/steps/typebox-builders.test.ts holds
 * them to it) without loading TypeBox's runtime: its index loads ~110 modules (~115 KB bundled)
 * at every start for these few lines. TypeBox's types stay: they are what derives each step's
 * argument type from its schema.
 */
import type { TArray, TBoolean, TInteger, TSchema, TString, TUnsafe } from '@sinclair/typebox';

/** TypeBox's mark of a schema's kind (its `Kind`); nothing in certbook reads it. */
const Kind = Symbol.for('TypeBox.Kind');

type Options = object | undefined;

/** `Type.String`, `Type.Boolean`, `Type.Integer`, `Type.Array` and `Type.Unsafe`, as TypeBox's. */
export const Type = {
  String: (options?: Options): TString => ({ ...options, [Kind]: 'String', type: 'string' }) as unknown as TString,
  Boolean: (options?: Options): TBoolean => ({ ...options, [Kind]: 'Boolean', type: 'boolean' }) as unknown as TBoolean,
  Integer: (options?: Options): TInteger => ({ ...options, [Kind]: 'Integer', type: 'integer' }) as unknown as TInteger,
  Array: <T extends TSchema>(items: T, options?: Options): TArray<T> =>
    ({ ...options, [Kind]: 'Array', type: 'array', items }) as unknown as TArray<T>,
  Unsafe: <T>(options: object = {}): TUnsafe<T> =>
    ({ ...options, [Kind]: (options as Record<symbol, unknown>)[Kind] ?? 'Unsafe' }) as unknown as TUnsafe<T>,
};
