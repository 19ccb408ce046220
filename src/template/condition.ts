/**
 * Conditions (`when`, `changed_when`, `failed_when`, `until`), as ansible-core 2.14 evaluates
 * them, where that is safe:
 *
 * - A boolean is itself; null, a missing value and `''` are true (Ansible's "no condition").
 *   A number is true unless 0. A list holds when every item holds (an empty list holds).
 * - A bare string is a Jinja expression, and holds when its value is truthy in Python's
 *   sense: Ansible wraps it in `{% if … %} True {% else %} False {% endif %}` and reads the
 *   rendered text back, which amounts to exactly that. So `[]`, `{}`, `''`, `0` and `none`
 *   are false, and, as in Ansible, the *string* `'false'` is true: write `flag | bool` for
 *   values that may be strings (extra vars always are).
 * - A string that is one `{{ expr }}` is accepted as Ansible accepts it: the expression is
 *   evaluated; a non-string value holds when truthy. Ansible would then evaluate a string
 *   result *again* as an expression; certbook never evaluates rendered text as code, so it
 *   reads only the literals Ansible would: `true`/`True`/`false`/`False`, `none`/`None`, a
 *   number, or the empty string (false). Any other string is an error naming the fix.
 * - Text mixing `{{ }}` with more expression (`"{{ a }} == 1"`) is an error for the same
 *   reason; {@link checkConditionSyntax} reports it at load time.
 * - UnsafeText (an `!unsafe` condition) is refused: host data is never code.
 */

import { isPyNumber } from '../python/py-number.js';
import { UnsafeText } from '../python/unsafe-text.js';
import { compileExpression, compileTemplate } from './compile.js';
import { newContext, type RenderOptions } from './context.js';
import { TemplateError } from './errors.js';
import { Frame } from './eval-context.js';
import { evaluateDefined } from './evaluate.js';
import { parseFloatText } from './filters-basic.js';
import { hasTemplateMarker } from './markers.js';
import { truthy } from './py-semantics.js';
import { Scope, type Vars } from './scope.js';
import { isText, textOf, typeName } from './values.js';

/** Whether a condition holds (see the module documentation for every accepted form). */
export function evaluateCondition(condition: unknown, vars: Vars | Scope, options?: RenderOptions): boolean {
  if (typeof condition === 'boolean') return condition;
  if (condition === null || condition === undefined || condition === '') return true;
  if (isPyNumber(condition)) return truthy(condition);
  if (Array.isArray(condition)) return condition.every((c) => evaluateCondition(c, vars, options));
  if (condition instanceof UnsafeText) throw new TemplateError('a condition marked !unsafe cannot be evaluated');
  if (typeof condition !== 'string') throw new TemplateError(`a condition must be a string, boolean or list, not ${typeName(condition)}`);
  const ctx = newContext(options);
  const frame = new Frame(Scope.from(vars));
  if (!hasTemplateMarker(condition)) return truthy(evaluateDefined(ctx, compileExpression(condition), frame));
  const single = compileTemplate(condition).single;
  if (!single) {
    throw new TemplateError(
      'a condition must be a bare expression or a single `{{ expression }}`; write `when: a == 1`, not `when: "{{ a }} == 1"`',
    );
  }
  const value = evaluateDefined(ctx, single, frame);
  return isText(value) ? literalTruth(textOf(value)) : truthy(value);
}

/** What Ansible's second evaluation makes of a rendered string, for the strings that are literals. */
function literalTruth(text: string): boolean {
  const t = text.trim();
  if (t === '' || t === 'false' || t === 'False' || t === 'none' || t === 'None') return false;
  if (t === 'true' || t === 'True') return true;
  const n = parseFloatText(t);
  if (n !== undefined && !Number.isNaN(n)) return n !== 0;
  throw new TemplateError(
    'the condition `{{ … }}` rendered a string that is not a boolean; write it as a bare expression, e.g. `when: flag | bool`',
  );
}
