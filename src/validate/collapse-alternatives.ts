/**
 * ajv reports an `anyOf`/`oneOf` failure as one error per failed branch plus one for the
 * alternative itself: `paths: 3` gives "must be string", "must be array", "must match a schema
 * in anyOf". A user made one mistake, so we keep one story:
 *
 * - when no branch accepts the value's type, the alternative becomes a single wrong-type error
 *   ("expected a string or a list of strings, got an integer");
 * - when some branch accepts the type, the user meant that branch: only its errors are kept
 *   (`paths: [1]` → "`paths[0]` expected a string").
 */
import type { ErrorObject } from 'ajv';
import { typeAccepts } from './describe.js';
import type { JsonSchema } from './json-schema.js';

const ALTERNATIVE = new Set(['anyOf', 'oneOf']);

/**
 * Resolves every alternative in `errors`, outermost first (an alternative may nest another).
 * An `anyOf`/`oneOf` error that is still in the result is one that no branch accepted by type:
 * report it as a single wrong-type issue about its parent schema.
 */
export function collapseAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  let remaining = [...errors];
  const alternatives = remaining.filter((e) => ALTERNATIVE.has(e.keyword)).sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const alt of alternatives) {
    if (!remaining.includes(alt)) continue; // removed with an outer alternative's losing branch
    const prefix = `${alt.schemaPath}/`;
    const inside = remaining.filter((e) => e.schemaPath.startsWith(prefix));
    const chosen = chooseBranch(alt, inside);
    const keep = chosen === undefined ? undefined : `${prefix}${chosen}/`;
    remaining = remaining.filter((e) =>
      e === alt ? keep === undefined : !e.schemaPath.startsWith(prefix) || (keep !== undefined && e.schemaPath.startsWith(keep)),
    );
  }
  return remaining;
}

/**
 * The branch the user most plausibly meant: among branches whose type accepts the value, the
 * one with the fewest errors. Undefined when no branch accepts the type.
 */
function chooseBranch(alt: ErrorObject, inside: readonly ErrorObject[]): number | undefined {
  const branches = Array.isArray(alt.schema) ? (alt.schema as JsonSchema[]) : [];
  let best: number | undefined;
  let bestCount = Infinity;
  branches.forEach((branch, index) => {
    if (!typeAccepts(branch, alt.data)) return;
    const count = inside.filter((e) => e.schemaPath.startsWith(`${alt.schemaPath}/${index}/`)).length;
    if (count < bestCount) {
      best = index;
      bestCount = count;
    }
  });
  return best;
}
