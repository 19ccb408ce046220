/**
 * Load-time syntax checks, for the playbook loader: they never throw, and say what is wrong
 * and where, so a typo in `{{ … }}` or `when:` is reported with its line and column before
 * any host is contacted. Unknown filters and tests count as syntax errors, as in Jinja.
 */
import { compileExpression, compileTemplate } from './compile.js';
import { TemplateSyntaxError } from './errors.js';
import { hasTemplateMarker } from './markers.js';

/** What is wrong and where: `offset` is 0-based in the checked text, undefined for the text as a whole. */
export interface SyntaxProblem {
  message: string;
  offset: number | undefined;
  /** A likely fix, when there is one ("did you mean `default`?"). */
  hint?: string;
}

function problemOf(error: unknown): SyntaxProblem {
  if (!(error instanceof TemplateSyntaxError)) throw error;
  return error.hint ? { message: error.message, offset: error.offset, hint: error.hint } : { message: error.message, offset: error.offset };
}

/** Checks a template string (text with `{{ }}`, `{% %}`, `{# #}`); undefined when it parses. */
export function checkTemplateSyntax(text: string): SyntaxProblem | undefined {
  if (!hasTemplateMarker(text)) return undefined;
  try {
    compileTemplate(text);
    return undefined;
  } catch (error) {
    return problemOf(error);
  }
}

/** Checks a bare Jinja expression (`result.rc == 0`); undefined when it parses. */
export function checkExpressionSyntax(expression: string): SyntaxProblem | undefined {
  try {
    compileExpression(expression);
    return undefined;
  } catch (error) {
    return problemOf(error);
  }
}

/**
 * Checks a condition (`when:`, `changed_when:`, `failed_when:`, `until:`) in every form
 * {@link evaluateCondition} accepts: a bare expression, or one `{{ expr }}`. Text that mixes
 * `{{ }}` with more expression (`"{{ a }} == 1"`) is refused: Ansible would evaluate the
 * rendered text as code a second time, which certbook never does.
 */
export function checkConditionSyntax(condition: string): SyntaxProblem | undefined {
  if (!hasTemplateMarker(condition)) return checkExpressionSyntax(condition);
  const problem = checkTemplateSyntax(condition);
  if (problem) return problem;
  if (compileTemplate(condition).single) return undefined;
  return {
    message: 'a condition must be a bare expression or a single `{{ expression }}`',
    offset: undefined,
    hint: 'write it without braces, e.g. `when: a == 1` instead of `when: "{{ a }} == 1"`',
  };
}
