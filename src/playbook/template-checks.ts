/**
 * Parses every template and `when:`-style expression in a node before anything runs, so a
 * typo in `{{ … }}` is a load problem with its line and column, not a failure on host 37.
 */
import { isMap, isScalar, isSeq, Scalar } from 'yaml';
import { checkConditionSyntax, checkTemplateSyntax } from '../template/syntax.js';
import { deref, type LoadContext } from './load-context.js';

const TEMPLATE_MARK = /\{\{|\{%|\{#/;

/**
 * Checks every string under `node`. With `expressions`, strings are bare Jinja expressions
 * (`when:`), unless they are themselves `{{ }}` templates, which Ansible also accepts.
 */
export function checkTemplatesIn(ctx: LoadContext, node: unknown, expressions: boolean): void {
  const target = deref(ctx, node);
  if (isScalar(target)) {
    if (typeof target.value === 'string') checkString(ctx, target, target.value, expressions);
  } else if (isSeq(target)) {
    for (const item of target.items) checkTemplatesIn(ctx, item, expressions);
  } else if (isMap(target)) {
    for (const pair of target.items) {
      checkTemplatesIn(ctx, pair.key, false);
      checkTemplatesIn(ctx, pair.value, expressions);
    }
  }
}

function checkString(ctx: LoadContext, node: Scalar, text: string, expression: boolean): void {
  if (!expression && !TEMPLATE_MARK.test(text)) return;
  const error = expression ? checkConditionSyntax(text) : checkTemplateSyntax(text);
  if (!error) return;
  const where = offsetInFile(node, error.offset);
  ctx.problems.add(
    ctx.source.problemAt(
      where ?? node,
      'TEMPLATE_SYNTAX',
      `${expression ? 'condition' : 'template'} does not parse: ${error.message}`,
      error.hint ??
        (expression
          ? 'conditions are bare Jinja expressions, e.g. `when: result.rc == 0`'
          : 'templates look like `{{ variable | filter }}`'),
    ),
  );
}

/** Maps an offset inside a scalar's text to a file offset, where the scalar is on one line. */
function offsetInFile(node: Scalar, offset: number | undefined): number | undefined {
  if (offset === undefined || !node.range) return undefined;
  if (node.type === Scalar.PLAIN) return node.range[0] + offset;
  if (node.type === Scalar.QUOTE_SINGLE || node.type === Scalar.QUOTE_DOUBLE) return node.range[0] + 1 + offset;
  return undefined;
}
