/**
 * Compile-time checks on a parse tree, as Jinja makes them: an unknown filter or test is an
 * error before anything renders (Jinja's TemplateAssertionError), not on host 37. We also
 * refuse what certbook does not support (macros, call blocks) and trees deeper than the
 * evaluator will walk.
 */
import { childrenOf, filterParts, testOf, type Node } from './ast.js';
import { TemplateSyntaxError } from './errors.js';
import { didYouMean } from '../errors/suggest.js';
import { FILTERS } from './filters.js';
import { TESTS } from './tests.js';

const UNSUPPORTED: Record<string, string> = {
  Macro: 'macros are not supported in certbook templates',
  CallStatement: '`{% call %}` blocks are not supported in certbook templates',
};

/** Throws {@link TemplateSyntaxError} for the first problem in the tree. */
export function checkTree(root: Node, maxDepth: number): void {
  // An explicit stack: a pathological tree must not overflow the JavaScript stack here.
  const stack: Array<[Node, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > maxDepth) throw new TemplateSyntaxError(`the template is nested more than ${maxDepth} levels deep`, undefined);
    checkNode(node);
    for (const child of childrenOf(node)) stack.push([child, depth + 1]);
  }
}

function checkNode(node: Node): void {
  const unsupported = UNSUPPORTED[node.type];
  if (unsupported) throw new TemplateSyntaxError(unsupported, undefined);
  if (node.type !== 'FilterExpression' && node.type !== 'FilterStatement') return;
  const { name } = filterParts((node as unknown as { filter: Node }).filter);
  const test = testOf(name);
  if (test) {
    if (!TESTS.has(test.name)) {
      throw new TemplateSyntaxError(`no test named '${test.name}'`, undefined, didYouMean(test.name, TESTS.keys()));
    }
  } else if (!FILTERS.has(name)) {
    throw new TemplateSyntaxError(`no filter named '${name}'`, undefined, didYouMean(name, FILTERS.keys()));
  }
}
